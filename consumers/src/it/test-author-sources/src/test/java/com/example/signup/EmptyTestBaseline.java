package com.example.signup;

import org.junit.jupiter.api.RepeatedTest;

/**
 * What JUnit and surefire alone cost per test: an empty test without the extension, repeated as often as the sample's
 * tests. Its name keeps it out of a normal test run; {@code consumers/report.py --repeat} runs it on its own, first
 * in its JVM like the in-memory test class is in a normal run.
 */
class EmptyTestBaseline {

  @RepeatedTest(30)
  void nothing() {}
}
