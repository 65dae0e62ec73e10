package io.stripesync.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout the README and design.adoc show is the code's: one row per package, no row for a package that is gone,
 * and the imports go one way (no package imports the root, Camel's face, and no two packages import each other).
 */
class LayoutDocTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "io", "stripesync", "camel");

    private static Set<String> packages() throws IOException {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> found(Path doc, Pattern row) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = row.matcher(Files.readString(doc));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theReadmeAndTheDesignListEveryPackageAndNoOther() throws IOException {
        Set<String> packages = packages();
        assertThat(found(Path.of("..", "README.md"), Pattern.compile("^\\| `\\.\\.\\./(\\w+)` \\|", Pattern.MULTILINE)))
                .as("the README's layout table").isEqualTo(packages);
        assertThat(found(Path.of("..", "src-docs", "design.adoc"), Pattern.compile("^    (\\w+)/ ", Pattern.MULTILINE)))
                .as("design.adoc's layout").isEqualTo(packages);
    }

    @Test
    void importsGoOneWay() throws IOException {
        Map<String, Set<String>> imports = new HashMap<>();
        Pattern ours = Pattern.compile("^import io\\.stripesync\\.camel\\.(?:(\\w+)\\.)?[A-Z]", Pattern.MULTILINE);
        for (String pkg : packages()) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = ours.matcher(Files.readString(file));
                    while (m.find()) {
                        String to = m.group(1) == null ? "(root)" : m.group(1);
                        if (!to.equals(pkg)) {
                            imports.computeIfAbsent(pkg, k -> new TreeSet<>()).add(to);
                        }
                    }
                }
            }
        }
        imports.forEach((from, to) -> assertThat(to).as(from + " imports Camel's face, the root package")
                .doesNotContain("(root)"));
        for (Map.Entry<String, Set<String>> e : imports.entrySet()) {
            for (String to : e.getValue()) {
                assertThat(reaches(imports, to, e.getKey(), new TreeSet<>()))
                        .as(e.getKey() + " imports " + to + ", which leads back to " + e.getKey()).isFalse();
            }
        }
    }

    private static boolean reaches(Map<String, Set<String>> imports, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : imports.getOrDefault(from, Set.of())) {
            if (reaches(imports, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theRootPackageHoldsCamelsFaceOnly() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<String> root = files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> f.getFileName().toString().replace(".java", "")).sorted().toList();
            assertThat(root).as("component, endpoint, configuration, consumer (and its turns of connected accounts),"
                                + " producer, constants, exception, option values, type converters, and the exchange a"
                                + " record becomes")
                    .containsExactly("AccountTurns", "BodyMapper", "BodyType", "EventsExpiredAction", "ProducerOperation",
                            "StripeSyncComponent", "StripeSyncConfiguration", "StripeSyncConstants", "StripeSyncConsumer",
                            "StripeSyncConverters", "StripeSyncEndpoint", "StripeSyncException", "StripeSyncProducer");
        }
    }
}
