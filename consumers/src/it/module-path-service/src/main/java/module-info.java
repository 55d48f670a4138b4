module com.example.modular {
  requires dev.pgqueuer;
  requires dev.pgqueuer.inmemory;
  requires dev.pgqueuer.postgres;
}
