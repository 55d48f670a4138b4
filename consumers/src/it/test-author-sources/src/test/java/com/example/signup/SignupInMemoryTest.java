package com.example.signup;

/** The in-memory queue, the default backend. */
class SignupInMemoryTest extends SignupEnqueueTest {}
