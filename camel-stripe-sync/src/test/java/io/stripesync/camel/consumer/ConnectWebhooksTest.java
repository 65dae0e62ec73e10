package io.stripesync.camel.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.google.gson.JsonObject;
import io.stripesync.camel.LogCapture;
import io.stripesync.camel.StripeSyncConsumer;
import io.stripesync.camel.simulator.StripeSimulator;
import io.stripesync.camel.simulator.WebhookSender;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code from("webhook:stripe-sync:customer?accounts=...")}: one Connect webhook endpoint of the platform for every
 * account the stream follows; pushed events join their account's position, the polls of the accounts are the
 * backstop.
 */
class ConnectWebhooksTest {

    /**
     * 50 followed accounts and one not followed, 20 % of the deliveries dropped: the replica equals the followed
     * accounts' objects, each change arrives once (pushed, or read by the backstop when its delivery was dropped), the
     * unfollowed account's events are acknowledged (200) and counted, and an account that disconnects says so on the
     * endpoint and is dropped.
     */
    @Test
    void fiftyAccountsPushedWithDropsAreCompletedByTheBackstop() throws Exception {
        Random random = new Random(291);
        try (StripeSimulator sim = StripeSimulator.start(291);
             LogCapture log = new LogCapture(StripeSyncConsumer.class)) {
            List<String> followed = new ArrayList<>();
            for (int a = 0; a < 50; a++) {
                followed.add(sim.connectAccount());
                for (int i = 0; i < 2; i++) {
                    sim.create(followed.get(a), "customer", Map.of("email", "c" + random.nextInt(1_000_000) + "@x.com"));
                }
            }
            String other = sim.connectAccount();
            try (WebhookRoute route = new WebhookRoute(sim, "customer", "accounts=" + String.join(",", followed)
                                                                        + "&maxIdleDelay=3000&delay=200",
                    new MemoryStateRepository()).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> route.replica.count("snapshot") == 100);
                assertThat(sim.objects("webhook_endpoint")).singleElement().satisfies(endpoint -> {
                    assertThat(endpoint.get("url").getAsString()).isEqualTo(route.url());
                    assertThat(endpoint.getAsJsonObject("metadata").get("stripe_sync_connect").getAsString())
                            .isEqualTo("true");
                    assertThat(endpoint.getAsJsonArray("enabled_events").toString())
                            .contains("customer.created", "account.application.deauthorized");
                });
                // idle accounts are polled every 3 s from here on (maxIdleDelay): a change arrives by push first
                Thread.sleep(4000);
                sim.webhooks().dropRate(0.2);
                Set<String> otherEvents = new HashSet<>();
                for (int i = 0; i < 200; i++) {
                    String account = i % 20 == 0 ? other : followed.get(random.nextInt(followed.size()));
                    List<JsonObject> objects = sim.objects(account, "customer");
                    if (objects.isEmpty() || random.nextInt(3) == 0) {
                        sim.create(account, "customer", Map.of("email", "n" + i + "@x.com"));
                    } else {
                        sim.update(account, "customer", objects.get(random.nextInt(objects.size())).get("id")
                                .getAsString(), Map.of("metadata", Map.of("i", String.valueOf(i))));
                    }
                }
                sim.eventsOf(other).forEach(e -> otherEvents.add(e.get("id").getAsString()));
                // every delivery attempted (Stripe's first attempt of each of the 200 events), then the replica
                await().atMost(Duration.ofSeconds(30)).until(() -> sim.webhooks().attempts().size() >= 200);
                List<JsonObject> source = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    source.clear();
                    followed.forEach(a -> source.addAll(sim.objects(a, "customer")));
                    assertThat(route.replica.differenceFrom(source)).isEmpty();
                });
                StripeSyncConsumer consumer = route.consumer();
                long changes = route.replica.seen().stream().filter(s -> s.eventId() != null).count();
                long dropped = sim.webhooks().attempts().stream().filter(a -> a.status() == -1).count();
                System.out.printf("Connect webhooks, 50 accounts: %d changes, %d pushed, %d deliveries dropped, %d"
                                  + " unfollowed acknowledged%n", changes, consumer.getWebhookDeliveries(), dropped,
                        consumer.getWebhookUnfollowed());
                assertThat(changes).as("each change once").isEqualTo(190);
                assertThat(route.replica.duplicates()).isZero();
                assertThat(consumer.getWebhookDeliveries()).as("pushed").isGreaterThan(100).isLessThan(190);
                assertThat(dropped).as("deliveries dropped").isPositive();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.webhooks().attempts())
                        .filteredOn(a -> otherEvents.contains(a.eventId()) && a.status() != -1)
                        .isNotEmpty().extracting(WebhookSender.Attempt::status).containsOnly(200));
                assertThat(consumer.getWebhookUnfollowed()).as("the unfollowed account's events, acknowledged")
                        .isEqualTo(sim.webhooks().attempts().stream()
                                .filter(a -> otherEvents.contains(a.eventId()) && a.status() == 200).count());
                assertThat(route.replica.seen()).noneMatch(s -> sim.objects(other, "customer").stream()
                        .anyMatch(o -> o.get("id").getAsString().equals(s.objectId())));

                sim.webhooks().dropRate(0);
                String leaving = followed.get(7);
                sim.deauthorize(leaving);
                // the Connect endpoint's account.application.deauthorized, or the backstop's 403, whichever comes first
                await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("stops following " + leaving));
                assertThat(consumer.getAccountsFollowed()).isEqualTo(49);
            }
        }
    }
}
