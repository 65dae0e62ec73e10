package io.stripesync.camel.position;

import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectDigestsTest {

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void anObjectIsUnchangedWhateverTheOrderOfItsKeysAndChangedByAnyValue() {
        ObjectDigests digests = new ObjectDigests(List.of("invoiceitem"));
        digests.delivered("invoiceitem", "ii_1", json("{\"id\":\"ii_1\",\"amount\":100,\"metadata\":{\"a\":\"1\",\"b\":\"2\"}}"), 7);
        assertThat(digests.unchanged("invoiceitem", "ii_1",
                json("{\"metadata\":{\"b\":\"2\",\"a\":\"1\"},\"amount\":100,\"id\":\"ii_1\"}"))).isTrue();
        assertThat(digests.unchanged("invoiceitem", "ii_1",
                json("{\"id\":\"ii_1\",\"amount\":101,\"metadata\":{\"a\":\"1\",\"b\":\"2\"}}"))).isFalse();
        assertThat(digests.unchanged("invoiceitem", "ii_1", json("{\"id\":\"ii_1\",\"amount\":100,\"metadata\":{}}")))
                .isFalse();
        assertThat(digests.unchanged("invoiceitem", "ii_2", json("{\"id\":\"ii_2\"}"))).as("never delivered").isFalse();
        assertThat(digests.tracks("customer")).isFalse();
        digests.delivered("customer", "cus_1", json("{\"id\":\"cus_1\"}"), 7);
        assertThat(digests.size("customer")).as("untracked resources keep nothing").isZero();
    }

    @Test
    void whatARoundDidNotConfirmIsGoneAndTheDigestsRoundTripThroughTheirText() {
        ObjectDigests digests = new ObjectDigests(List.of("invoiceitem", "shipping_rate"));
        for (int i = 1; i <= 4; i++) {
            digests.delivered("invoiceitem", "ii_" + i, json("{\"id\":\"ii_" + i + "\",\"n\":" + i + "}"), 10);
        }
        digests.delivered("shipping_rate", "shr_1", json("{\"id\":\"shr_1\"}"), 10);
        digests.confirmed("invoiceitem", "ii_1", 20);
        digests.delivered("invoiceitem", "ii_2", json("{\"id\":\"ii_2\",\"n\":22}"), 20);
        digests.deleted("invoiceitem", "ii_3");
        assertThat(digests.unconfirmed("invoiceitem", 20)).containsExactly("ii_4");
        assertThat(digests.unconfirmed("shipping_rate", 20)).containsExactly("shr_1");

        ObjectDigests loaded = new ObjectDigests(List.of("invoiceitem"));
        loaded.load(digests.encode());
        assertThat(loaded.size("invoiceitem")).isEqualTo(3);
        assertThat(loaded.unchanged("invoiceitem", "ii_2", json("{\"id\":\"ii_2\",\"n\":22}"))).isTrue();
        assertThat(loaded.unconfirmed("invoiceitem", 20)).containsExactly("ii_4");
        assertThat(loaded.tracks("shipping_rate")).as("no longer read again: left out").isFalse();
        assertThatThrownBy(() -> loaded.load("{\"invoiceitem\":{\"ii_9\":[\"zz\",1]}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the digests");
    }
}
