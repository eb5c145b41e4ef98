package io.llmio.proxy.translate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The protocol-neutral model of one turn that every translation passes through: a client codec
 * decodes into it, an upstream codec encodes from it (TensorZero / Bifrost style). Records are
 * immutable; lists are never mutated after construction.
 */
public final class Turn {
    private Turn() {
    }

    /** A request. Null means "not set by the caller" for every optional field. */
    public record Request(
            String model,
            List<String> system,
            List<Message> messages,
            List<Tool> tools,
            ToolChoice toolChoice,
            Boolean parallelToolCalls,
            Integer maxTokens,
            Double temperature,
            Double topP,
            Integer topK,
            List<String> stop,
            boolean stream,
            boolean streamUsage,
            JsonNode responseFormat,
            Reasoning reasoning,
            String user) {

        /** The namespace and name of a flattened namespace function, or null for any other tool name. */
        public Qualified qualified(String flatName) {
            for (Tool t : tools) {
                if (t.qualified() != null && t.name().equals(flatName)) {
                    return t.qualified();
                }
            }
            return null;
        }

        /** The same request, streamed or not (Gemini says so in its URL, not its body). */
        public Request withStream(boolean streamed) {
            return new Request(model, system, messages, tools, toolChoice, parallelToolCalls, maxTokens, temperature,
                    topP, topK, stop, streamed, streamUsage, responseFormat, reasoning, user);
        }
    }

    public enum Role { USER, ASSISTANT }

    public record Message(Role role, List<Part> parts) {
    }

    /** One content part. Tool results live in user messages, as in Anthropic's model. */
    public sealed interface Part {
    }

    public record Text(String text) implements Part {
    }

    /** Either inline base64 {@code data} with its media type, or a {@code url}. */
    public record Image(String mediaType, String data, String url) implements Part {
    }

    /** A tool call; {@code arguments} is the JSON text of the arguments object. */
    public record ToolUse(String id, String name, String arguments) implements Part {
    }

    public record ToolResult(String toolUseId, List<Part> content, boolean error) implements Part {
    }

    /** Reasoning text; {@code signature} is null when the producer has none (OpenAI-compatible). */
    public record Thinking(String text, String signature) implements Part {
    }

    public record RedactedThinking(String data) implements Part {
    }

    /**
     * A function tool. {@code qualified} is set for a function of an OpenAI Responses
     * {@code namespace} tool: every other protocol knows only flat names, so it travels as
     * {@link #name()} ({@link Qualified#flatName}) and answers get the namespace back from here.
     */
    public record Tool(String name, String description, JsonNode schema, Qualified qualified) {
        public Tool(String name, String description, JsonNode schema) {
            this(name, description, schema, null);
        }
    }

    /** A function's name inside a Responses namespace tool. */
    public record Qualified(String namespace, String name) {
        /** At most 64 characters: OpenAI, Anthropic and Gemini all cap function names there. */
        static final int MAX_NAME = 64;

        /**
         * The flat name other protocols see: {@code <namespace>__<name>}, or, past 64 characters, its
         * first 55 characters, {@code _} and 8 hex digits of its CRC-32 (deterministic, so a retry or
         * the next turn gives the same name).
         */
        public String flatName() {
            String flat = namespace + "__" + name;
            if (flat.length() <= MAX_NAME) {
                return flat;
            }
            CRC32 crc = new CRC32();
            crc.update(flat.getBytes(StandardCharsets.UTF_8));
            return flat.substring(0, MAX_NAME - 9) + "_" + String.format("%08x", crc.getValue());
        }
    }

    public enum ToolChoiceKind { AUTO, ANY, NONE, TOOL }

    public record ToolChoice(ToolChoiceKind kind, String name) {
    }

    /** Thinking requested: an Anthropic token budget and/or an OpenAI effort level. */
    public record Reasoning(Integer budgetTokens, String effort) {
    }

    /** A complete (non-stream) answer. */
    public record Response(String id, String model, List<Part> content, Finish finish, String stopSequence,
            Tokens usage) {
    }

    public enum Finish { END_TURN, MAX_TOKENS, STOP_SEQUENCE, TOOL_USE, REFUSAL, PAUSE_TURN }

    /**
     * Token counts. {@code input} excludes cache reads and writes (Anthropic's convention); the
     * whole prompt is {@link #prompt()}. {@code output} includes {@code reasoning}.
     */
    public record Tokens(long input, long cacheRead, long cacheWrite, long output, long reasoning) {
        public static final Tokens ZERO = new Tokens(0, 0, 0, 0, 0);

        public long prompt() {
            return input + cacheRead + cacheWrite;
        }
    }

    /** An upstream error, protocol-neutral. {@code kind} uses Anthropic's error type names. */
    public record Failure(int status, String kind, String message) {
    }
}
