package io.llmio.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StrictObjectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The caller decides what a failure is; here one exception carrying the path and the problem. */
    static final class Bad extends RuntimeException {
        final String path;

        Bad(String path, String problem) {
            super(path + " | " + problem);
            this.path = path;
        }
    }

    private static final StrictObject.Failure BAD = Bad::new;

    private static final StrictObject.MaxLength FIVE = new StrictObject.MaxLength() {
        @Override
        public boolean fits(String value) {
            return value.length() <= 5;
        }

        @Override
        public String describe() {
            return "5 characters";
        }
    };

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void unknownKeyDeepInsideNamesItsFullPathAndTheClosestKnownKey() throws Exception {
        StrictObject root = StrictObject.text(tree("{\"models\":[{\"providers\":[{\"wieght\":2}]}]}"), UnaryOperator.identity(), BAD);
        StrictObject link = root.children("models").get(0).children("providers").get(0);
        assertThat(link.integer("weight", 1, 1, 10)).isEqualTo(1);
        assertThatThrownBy(link::finish).isInstanceOfSatisfying(Bad.class, e -> {
            assertThat(e.path).isEqualTo("models[0].providers[0].wieght");
            assertThat(e.getMessage()).contains("unknown key (did you mean `weight`?)");
        });
    }

    @Test
    void everyUnknownFieldIsNamed() throws Exception {
        StrictObject o = StrictObject.json(tree("{\"name\":\"m\",\"colour\":1,\"rpm\":2}"), Map.of(), BAD);
        o.string("name", null);
        assertThatThrownBy(o::finish).hasMessageContaining("colour | unknown key").hasMessageContaining("also unknown: `rpm`")
                .isInstanceOfSatisfying(Bad.class, e -> assertThat(e.path).isEqualTo("colour"));
    }

    @Test
    void jsonTypesAreStrictAndTextTypesAreCoerced() throws Exception {
        JsonNode n = tree("{\"port\":\"8080\",\"on\":\"true\",\"name\":5}");
        StrictObject text = StrictObject.text(n, UnaryOperator.identity(), BAD);
        assertThat(text.integer("port", 0, 0, 65535)).isEqualTo(8080);
        assertThat(text.bool("on", false)).isTrue();
        assertThat(text.string("name", null)).isEqualTo("5");

        StrictObject json = StrictObject.json(n, Map.of(), BAD);
        assertThatThrownBy(() -> json.integer("port", 0, 0, 65535)).hasMessageContaining("port | must be a whole number between 0 and 65535");
        assertThatThrownBy(() -> json.bool("on", false)).hasMessageContaining("on | must be true or false");
        assertThatThrownBy(() -> json.string("name", null)).hasMessageContaining("name | must be a string");
    }

    @Test
    void rangesDefaultsAndInterpolation() throws Exception {
        StrictObject o = StrictObject.text(tree("{\"a\":0,\"b\":\"${X}\",\"c\":null}"),
                                           s -> s.replace("${X}", "42"), BAD);
        assertThatThrownBy(() -> o.integer("a", 5, 1, 10)).hasMessageContaining("a | must be between 1 and 10, got 0");
        assertThat(o.integer("b", 0, 0, 100)).isEqualTo(42);
        assertThat(o.integer("c", 7, 0, 100)).as("null takes the default").isEqualTo(7);
        assertThat(o.integer("missing", 9, 0, 100)).isEqualTo(9);
        o.finish();
    }

    @Test
    void aValueLongerThanItsLimitNamesTheFieldAndTheLimit() throws Exception {
        StrictObject o = StrictObject.json(tree("{\"name\":\"abcdef\",\"tags\":{\"k\":\"v\"}}"), Map.of("name", FIVE, "tags", FIVE), BAD);
        assertThatThrownBy(() -> o.string("name", null)).hasMessageContaining("name | is too long: at most 5 characters");
        assertThatThrownBy(() -> o.stringMap("tags", Map.of())).hasMessageContaining("tags | is too long: at most 5 characters as JSON");
    }

    @Test
    void aNonObjectIsRefusedThroughTheFailure() throws Exception {
        assertThatThrownBy(() -> StrictObject.json(tree("[1]"), Map.of(), BAD))
                .isInstanceOf(Bad.class).hasMessageContaining("(top level) | must be a mapping");
    }
}
