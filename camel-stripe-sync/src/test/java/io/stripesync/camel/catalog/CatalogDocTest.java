package io.stripesync.camel.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented table of resources and operations says exactly what the catalog holds. */
class CatalogDocTest {

    @Test
    void docTableMatchesTheCatalog() throws Exception {
        Path doc = Path.of("..", "src-docs", "stripe-sync-catalog.adoc");
        List<String> rows = Files.readAllLines(doc).stream().filter(l -> l.startsWith("| `")).toList();
        List<String> expected = StripeCatalog.defaultCatalog().resources().stream().sorted(
                (a, b) -> a.name().compareTo(b.name())).map(CatalogDocTest::row).toList();
        assertThat(rows).as("src-docs/stripe-sync-catalog.adoc is stale: run tools/catalog/gen-doc.py")
                .containsExactlyElementsOf(expected);
    }

    private static String row(StripeResource r) {
        String ops = List.of(Operation.CREATE, Operation.RETRIEVE, Operation.UPDATE, Operation.DELETE, Operation.SEARCH)
                .stream().filter(r::supports).map(Operation::wireName).collect(Collectors.joining(", "));
        String actions = r.actions().stream().map(ResourceAction::name).collect(Collectors.joining(", "));
        String needs = String.join(", ", r.listRequires());
        int fromSpec = r.eventTypesFromSpec().size();
        String events = r.eventTypes().size() + (fromSpec > 0 ? " (+" + fromSpec + ")" : "");
        String reads = r.eventWildcard() != null ? "`type=" + r.eventWildcard() + "`" : r.hasEvents() ? "`types[]`" : "-";
        return "| `" + r.name() + "` | `" + r.listPath() + "` | " + (ops.isEmpty() ? "-" : ops) + " | "
               + (actions.isEmpty() ? "-" : actions) + " | " + events + " | " + reads + " | " + (needs.isEmpty() ? "-" : needs);
    }
}
