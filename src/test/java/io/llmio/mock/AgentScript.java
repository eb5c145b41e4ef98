package io.llmio.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A two-turn agent exchange the mock plays on every generation endpoint, for coding agents (Claude
 * Code, Codex) driven end to end: turn 1, a request that offers the tool {@code tool}, is answered
 * with one call of it with {@code arguments} (a JSON object); turn 2, a request whose conversation
 * ends with a tool result, is answered with {@code text}. Any other request (an agent's side
 * request without that tool, e.g. a title) gets the instance's normal scenario.
 *
 * <p>The answers are the {@code agent_call} / {@code agent_done} fixtures of each endpoint (same
 * wire shapes as the scenarios, streamed and not), with the tool name, arguments and text filled in.
 * Streams carry the arguments and the text in two deltas each.
 */
public record AgentScript(String tool, String arguments, String text) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AgentScript {
        JsonNode args;
        try {
            args = JSON.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments must be a JSON object: " + arguments, e);
        }
        if (args == null || !args.isObject()) {
            throw new IllegalArgumentException("arguments must be a JSON object: " + arguments);
        }
        arguments = args.toString();
    }

    /** The fixture stem answering {@code body} on {@code endpoint}, or empty when the script does not apply. */
    Optional<String> stem(Endpoint endpoint, JsonNode body) {
        if (body == null) {
            return Optional.empty();
        }
        return switch (endpoint) {
            case MESSAGES -> {
                JsonNode last = body.path("messages").path(body.path("messages").size() - 1);
                yield answer(last.path("role").asText().equals("user") && any(last.path("content"), "type", "tool_result"),
                             any(body.path("tools"), "name", tool));
            }
            case RESPONSES -> {
                JsonNode input = body.path("input");
                String type = input.path(input.size() - 1).path("type").asText();
                yield answer(type.equals("function_call_output") || type.equals("custom_tool_call_output"),
                             any(body.path("tools"), "name", tool));
            }
            case CHAT_COMPLETIONS -> {
                JsonNode messages = body.path("messages");
                boolean offered = false;
                for (JsonNode t : body.path("tools")) {
                    offered |= t.path("function").path("name").asText().equals(tool);
                }
                yield answer(messages.path(messages.size() - 1).path("role").asText().equals("tool"), offered);
            }
            case GENERATE_CONTENT, STREAM_GENERATE_CONTENT -> {
                JsonNode contents = body.path("contents");
                boolean done = false;
                for (JsonNode p : contents.path(contents.size() - 1).path("parts")) {
                    done |= p.has("functionResponse");
                }
                boolean offered = false;
                for (JsonNode t : body.path("tools")) {
                    offered |= any(t.path("functionDeclarations"), "name", tool);
                }
                yield answer(done, offered);
            }
            case EMBEDDINGS, OPENAI_MODELS, COUNT_TOKENS, ANTHROPIC_MODELS, EMBED_CONTENT, BATCH_EMBED_CONTENTS,
                 GEMINI_COUNT_TOKENS, GEMINI_MODELS -> Optional.empty();
        };
    }

    private static Optional<String> answer(boolean toolResultLast, boolean toolOffered) {
        return toolResultLast ? Optional.of("agent_done") : toolOffered ? Optional.of("agent_call") : Optional.empty();
    }

    /** Fills the placeholders of an {@code agent_*} fixture. */
    UnaryOperator<String> filler() {
        int half = arguments.length() / 2;
        int cut = text.length() / 2;
        return s -> s.replace("\"{{ARGS_OBJECT}}\"", arguments)
                .replace("{{ARGS_1}}", escaped(arguments.substring(0, half)))
                .replace("{{ARGS_2}}", escaped(arguments.substring(half)))
                .replace("{{TEXT_1}}", escaped(text.substring(0, cut)))
                .replace("{{TEXT_2}}", escaped(text.substring(cut)))
                .replace("{{TOOL}}", escaped(tool));
    }

    private static boolean any(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** {@code s} as the inside of a JSON string literal. */
    private static String escaped(String s) {
        try {
            String quoted = JSON.writeValueAsString(s);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
