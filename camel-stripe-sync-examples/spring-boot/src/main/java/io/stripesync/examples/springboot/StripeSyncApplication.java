package io.stripesync.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Streams Stripe customers: {@code mvn -f camel-stripe-sync-examples/spring-boot spring-boot:run}. */
@SpringBootApplication
public class StripeSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(StripeSyncApplication.class, args);
    }
}
