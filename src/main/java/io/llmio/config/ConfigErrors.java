package io.llmio.config;

import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.errors.StartupException;
import io.llmio.json.StrictObject;

/** The config file read strictly: a wrong key is a {@link StartupException} naming the file and the key path. */
final class ConfigErrors {
    private ConfigErrors() {
    }

    /** The top-level mapping of {@code source}, scalars read as YAML text with {@code ${ENV_VAR}} resolved. */
    static StrictObject read(String source, JsonNode tree, UnaryOperator<String> interpolate) {
        return StrictObject.text(tree, interpolate, failure(source));
    }

    static StrictObject.Failure failure(String source) {
        return (path, problem) -> new StartupException(source + ": `" + path + "` " + problem + ".");
    }
}
