package io.stripesync.camel.position;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveredIdsTest {

    @Test
    void behavesAsTheMapItStandsForWhateverVersionIsUsed() {
        // a random walk of remembering and forgetting, from the newest version and from older ones (a poll that failed
        // goes back to an older position), checked against plain maps after every step
        Random random = new Random(7);
        List<DeliveredIds> versions = new java.util.ArrayList<>(List.of(DeliveredIds.of(Map.of("evt_a", 5L, "evt_b", 9L))));
        List<Map<String, Long>> expected = new java.util.ArrayList<>(List.of(Map.of("evt_a", 5L, "evt_b", 9L)));
        for (int step = 0; step < 5000; step++) {
            int from = random.nextInt(10) == 0 ? random.nextInt(versions.size()) : versions.size() - 1;
            DeliveredIds base = versions.get(from);
            Map<String, Long> model = new HashMap<>(expected.get(from));
            DeliveredIds next;
            if (random.nextInt(4) == 0) {
                long floor = 1000 + step / 2 - random.nextInt(40);
                next = base.from(floor);
                model.values().removeIf(c -> c < floor);
            } else {
                // mostly new ids in time order; now and then one out of order (a late event) or one already held
                String id = random.nextInt(20) == 0 && !model.isEmpty() ? model.keySet().iterator().next() : "evt_" + step;
                long created = 1000 + step / 2 - (random.nextInt(10) == 0 ? random.nextInt(30) : 0);
                next = base.with(id, created);
                model.put(id, created);
            }
            versions.add(next);
            expected.add(model);
        }
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i)).as("version %d", i).isEqualTo(expected.get(i));
            assertThat(expected.get(i)).as("version %d, the other way round", i).isEqualTo(versions.get(i));
            assertThat(versions.get(i).hashCode()).isEqualTo(expected.get(i).hashCode());
        }
    }

    @Test
    void rememberingOneMoreSharesTheLogAndAnOlderVersionDoesNotSeeIt() {
        DeliveredIds one = DeliveredIds.of(Map.of()).with("evt_1", 10);
        DeliveredIds two = one.with("evt_2", 11);
        DeliveredIds three = two.with("evt_3", 12);
        // an older version remembering something else must not see, or spoil, what the newer ones appended
        DeliveredIds branch = one.with("evt_x", 13);
        assertThat(one).containsExactly(Map.entry("evt_1", 10L));
        assertThat(three).containsOnlyKeys("evt_1", "evt_2", "evt_3");
        assertThat(branch).containsOnlyKeys("evt_1", "evt_x").doesNotContainKey("evt_2");
        assertThat(three.from(12)).containsOnlyKeys("evt_3");
        assertThat(three).as("forgetting makes a new version").hasSize(3);
        assertThat(three.with("evt_2", 11)).isSameAs(three);
    }

    @Test
    void aLongStreamKeepsOnlyTheLookBackAndStaysEqualToWhatItHolds() {
        DeliveredIds ids = DeliveredIds.of(Map.of());
        Map<String, Long> model = new LinkedHashMap<>();
        for (int i = 0; i < 100_000; i++) {
            long created = i / 50;
            ids = ids.with("evt_" + i, created).from(created - 60);
            model.put("evt_" + i, created);
            for (var oldest = model.values().iterator(); oldest.hasNext() && oldest.next() < created - 60; ) {
                oldest.remove();
            }
        }
        assertThat(ids).hasSize(model.size()).isEqualTo(model);
        assertThat(ids.get("evt_0")).isNull();
        assertThat(ids.get("evt_99999")).isEqualTo(1999L);
    }

    @Test
    void isImmutableAndRefusesNull() {
        DeliveredIds ids = DeliveredIds.of(Map.of("evt_a", 1L));
        assertThatThrownBy(() -> ids.put("evt_b", 2L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ids.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ids.get(null)).isNull();
        assertThat(ids.containsKey(42)).isFalse();
    }
}
