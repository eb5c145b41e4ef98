package io.llmio.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class StatementsFilesTest {
    @Test
    void everyDialectDefinesTheSameStatementNamesInKebabCase() throws Exception {
        Set<String> postgres = names(Dialect.POSTGRES);
        assertThat(postgres).hasSizeGreaterThan(50).allMatch(n -> n.matches("[a-z]+(-[a-z]+)+"));
        assertThat(names(Dialect.MYSQL)).isEqualTo(postgres);
        assertThat(names(Dialect.EMBEDDED)).isEqualTo(postgres);
    }

    private static Set<String> names(Dialect d) throws Exception {
        try (InputStream in = StatementsFilesTest.class.getClassLoader().getResourceAsStream(d.statementsResource())) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Set<String> out = new TreeSet<>();
            root.get("statements").fieldNames().forEachRemaining(out::add);
            return out;
        }
    }
}
