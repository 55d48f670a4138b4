package dev.pgqueuer.conformance;

/** Contract area: to be written. */
public interface ScheduleContract extends ContractSupport {}
