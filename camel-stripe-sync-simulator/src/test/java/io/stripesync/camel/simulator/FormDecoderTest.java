package io.stripesync.camel.simulator;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormDecoderTest {

    @Test
    void decodesStripeBracketNotation() {
        Map<String, Object> p = FormDecoder.decode(
                "email=a%40b.co&metadata[plan]=gold&metadata[tier]=2&items[0][price]=p1&items[1][price]=p2"
                                                   + "&items[1][quantity]=3&expand[]=customer&expand[]=latest_invoice"
                                                   + "&created[gte]=10&name=Ann+Lee");
        assertThat(p).containsEntry("email", "a@b.co").containsEntry("name", "Ann Lee");
        assertThat(p.get("metadata")).isEqualTo(Map.of("plan", "gold", "tier", "2"));
        assertThat(p.get("items")).isEqualTo(List.of(Map.of("price", "p1"), Map.of("price", "p2", "quantity", "3")));
        assertThat(p.get("expand")).isEqualTo(List.of("customer", "latest_invoice"));
        assertThat(p.get("created")).isEqualTo(Map.of("gte", "10"));
    }

    @Test
    void indexedArraysKeepTheirOrderBeyondNine() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(i == 0 ? "" : "&").append("types[").append(i).append("]=t").append(i);
        }
        assertThat(FormDecoder.decode(sb.toString()).get("types")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11");
    }

    @Test
    void emptyAndMalformed() {
        assertThat(FormDecoder.decode(null)).isEmpty();
        assertThat(FormDecoder.decode("")).isEmpty();
        assertThat(FormDecoder.decode("metadata=")).containsEntry("metadata", "");
        assertThatThrownBy(() -> FormDecoder.decode("a[b=1")).isInstanceOf(StripeApiError.class)
                .hasMessageContaining("Invalid parameter name: a[b");
    }
}
