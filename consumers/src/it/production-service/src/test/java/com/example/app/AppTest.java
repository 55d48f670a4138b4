package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class AppTest {

  @Test
  void processesEveryJobItEnqueues() {
    String url = System.getenv("APP_JDBC_URL");
    assertNotNull(url, "APP_JDBC_URL names the database this sample runs against");
    assertEquals(25, App.run(url, "consumer_app", 25));
  }
}
