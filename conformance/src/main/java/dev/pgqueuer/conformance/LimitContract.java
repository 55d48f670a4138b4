package dev.pgqueuer.conformance;

/** Contract area: to be written. */
public interface LimitContract extends ContractSupport {}
