package com.example.signup;

import dev.pgqueuer.junit.Backend;
import dev.pgqueuer.junit.QueueBackend;

/** PostgreSQL: with no URL configured, the embedded server the artifact brings. */
@QueueBackend(Backend.POSTGRES)
class SignupPostgresTest extends SignupEnqueueTest {}
