package io.stripesync.camel.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonObject;
import io.stripesync.camel.TestComponents;
import io.stripesync.camel.position.Phase;
import io.stripesync.camel.simulator.Simulated;
import io.stripesync.camel.simulator.StripeSimulator;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Eventually consistent event lists, same-second events, and events that belong to other objects. */
class LateAndFilteredEventsTest {

    @Simulated(seed = 17)
    private StripeSimulator sim;


    @Test
    void lateVisibleEventsAreDeliveredOnceAndSameSecondEventsAreNotLost() throws Exception {
        try (SyncRoute route = new SyncRoute(sim, "customer?snapshot=false&batchSize=3&eventLookback=60s",
                new MemoryStateRepository()).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> route.consumer().getPosition() != null);
            Random random = new Random(17);
            for (int second = 0; second < 40; second++) {
                // up to 50 s late, within the 60 s look-back; several events share each second
                sim.faults().eventVisibilityDelay(Duration.ZERO, Duration.ofSeconds(random.nextInt(3) == 0 ? 50 : 1));
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    sim.create("customer", Map.of("email", "s" + second + "k" + k + "@x.io"));
                }
                sim.clock().advance(Duration.ofSeconds(1));
                Thread.sleep(30);
            }
            sim.faults().eventVisibilityDelay(Duration.ZERO, Duration.ZERO);
            for (int i = 0; i < 6; i++) {
                sim.clock().advance(Duration.ofSeconds(10));
                Thread.sleep(100);
            }
            List<JsonObject> all = sim.events();
            await().atMost(Duration.ofSeconds(20)).until(() -> route.replica.seen().size() >= all.size());
            Thread.sleep(300);
            Map<String, Integer> deliveries = new HashMap<>();
            route.replica.seen().forEach(s -> deliveries.merge(s.eventId(), 1, Integer::sum));
            List<String> expected = new ArrayList<>();
            all.forEach(e -> expected.add(e.get("id").getAsString()));
            assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(deliveries.values()).as("each event delivered once").allMatch(n -> n == 1);
            assertThat(route.replica.differenceFrom(sim.objects("customer"))).isEmpty();
            System.out.printf("late events: %d events over 40 s, each delivered once%n", expected.size());
        }
    }

    @Test
    void customerGetsOnlyItsOwnEventsAndSubscriptionGetsCustomerSubscriptionEvents() throws Exception {
        try (SyncRoute customers = new SyncRoute(sim, "customer?batchSize=100", new MemoryStateRepository()).start();
             SyncRoute subscriptions = new SyncRoute(sim, "subscription?batchSize=100", new MemoryStateRepository()).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> customers.consumer().getPosition() != null
                                                              && TestComponents.inPhase(customers.consumer(), Phase.CDC)
                                                              && subscriptions.consumer().getPosition() != null
                                                              && TestComponents.inPhase(subscriptions.consumer(), Phase.CDC));
            JsonObject c = sim.create("customer", Map.of("email", "c@x.io"));
            String cus = c.get("id").getAsString();
            sim.emitEvent("customer.discount.created", Map.of("object", "discount", "id", "di_1", "customer", cus));
            sim.emitEvent("customer.source.created", Map.of("object", "card", "id", "card_1", "customer", cus));
            sim.emitEvent("customer.source.expiring", Map.of("object", "card", "id", "card_1", "customer", cus));
            // an event of the right type whose object is not a customer is never emitted either
            sim.emitEvent("customer.updated", Map.of("object", "discount", "id", "di_2"));
            String sub = sim.create("subscription", Map.of("customer", cus, "status", "active")).get("id").getAsString();
            sim.update("subscription", sub, Map.of("status", "past_due"));
            sim.update("customer", cus, Map.of("name", "Named"));
            await().atMost(Duration.ofSeconds(10)).until(() -> customers.replica.seen().size() == 2
                                                              && subscriptions.replica.seen().size() == 2);
            Thread.sleep(300);
            assertThat(customers.replica.seen()).extracting(Replica.Seen::eventType)
                    .containsExactly("customer.created", "customer.updated");
            assertThat(customers.replica.seen()).extracting(Replica.Seen::objectId).containsOnly(cus);
            assertThat(subscriptions.replica.seen()).extracting(Replica.Seen::eventType)
                    .containsExactly("customer.subscription.created", "customer.subscription.updated");
            assertThat(subscriptions.replica.seen()).extracting(Replica.Seen::operation).containsExactly("create", "update");
        }
    }
}
