package com.example.signup;

import dev.pgqueuer.JobId;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A user's service: signing up enqueues a welcome mail now and a reminder in three days. */
public final class SignupService {

  private final Repository queue;

  public SignupService(Repository queue) {
    this.queue = queue;
  }

  public List<JobId> signUp(String email, String name) {
    return queue.enqueue(EnqueueRequest.of(
        NewJob.of("welcome-mail").withPayload(email).withHeaders(Map.of("name", name)),
        NewJob.of("activation-reminder").withPayload(email).withDelay(Duration.ofDays(3)))).insertedIds();
  }
}
