package io.llmio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, checked over the sources: a package may use only packages of
 * lower layers (imports and fully qualified names in code both count; comments and strings do not).
 * A new package must be given a layer here and in the doc.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String BASE = "io.llmio";

    /** Lowest first. Packages on one line must not use each other. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("errors", "json", "proxy.sse"),
            Set.of("registry", "tracing"),
            Set.of("store", "limits", "upstream", "auth"),
            Set.of("config", "requestlog", "routing", "stats", "proxy.protocol"),
            Set.of("server", "pricing", "proxy.openai", "proxy.anthropic", "proxy.gemini", "proxy.translate"),
            Set.of("observe", "proxy", "legacy"),
            Set.of("admin"),
            Set.of(""));

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.llmio\\.((?:[a-z]\\w*\\.)*)[A-Z]");

    @Test
    void everyPackageUsesOnlyLowerLayers() {
        Map<String, Integer> layerOf = new HashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) {
                layerOf.put(p, i);
            }
        }
        Map<String, Set<String>> deps = dependencies();
        List<String> violations = new ArrayList<>();
        deps.forEach((from, tos) -> {
            Integer own = layerOf.get(from);
            if (own == null) {
                violations.add("package `" + display(from) + "` has no layer: add it to ArchitectureTest.LAYERS and docs/architecture.md");
                return;
            }
            for (String to : tos) {
                Integer other = layerOf.get(to);
                if (other != null && other >= own) {
                    violations.add(display(from) + " -> " + display(to) + " (layer " + own + " may use only layers below it; "
                            + display(to) + " is layer " + other + ")");
                }
            }
        });
        assertThat(violations).as("forbidden package dependencies").isEmpty();
    }

    @Test
    void theCheckSeesAForbiddenImport() {
        // the parser must see an import, a fully qualified use, and must ignore comments and strings
        String source = """
                package io.llmio.registry;
                import io.llmio.store.Database;
                // io.llmio.admin.Api in a comment
                class X { String s = "io.llmio.proxy.ProxyService"; io.llmio.routing.AttemptLoop loop; }
                """;
        assertThat(referencedPackages(source)).containsExactlyInAnyOrder("store", "routing");
    }

    private static String display(String pkg) {
        return pkg.isEmpty() ? BASE : pkg;
    }

    static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String text = read(f);
                Matcher m = PACKAGE.matcher(text);
                assertThat(m.find()).as("package line in " + f).isTrue();
                String pkg = relative(m.group(1));
                Set<String> refs = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (String r : referencedPackages(text)) {
                    if (!r.equals(pkg)) {
                        refs.add(r);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    static Set<String> referencedPackages(String source) {
        Set<String> out = new TreeSet<>();
        Matcher m = REFERENCE.matcher(codeOnly(source.replaceFirst("(?m)^package[^\\n]*", "")));
        while (m.find()) {
            String p = m.group(1);
            out.add(p.isEmpty() ? "" : p.substring(0, p.length() - 1));
        }
        return out;
    }

    private static String relative(String pkg) {
        return pkg.equals(BASE) ? "" : pkg.substring(BASE.length() + 1);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source with comments, string, text-block and char literals blanked. */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int j = s.indexOf('\n', i);
                i = j < 0 ? n : j;
            } else if (s.startsWith("/*", i)) {
                int j = s.indexOf("*/", i + 2);
                i = j < 0 ? n : j + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int j = s.indexOf("\"\"\"", i + 3);
                while (j > 0 && s.charAt(j - 1) == '\\') {
                    j = s.indexOf("\"\"\"", j + 1);
                }
                i = j < 0 ? n : j + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append("\"\"");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
