package io.llmio.registry;

/** What a request needs from an association (SPEC §4.1). */
public record Needs(boolean tools, boolean structuredOutput, boolean image) {
    public static final Needs NONE = new Needs(false, false, false);

    boolean metBy(Route route) {
        return (!tools || route.association().toolCall())
                && (!structuredOutput || route.association().structuredOutput())
                && (!image || route.association().image());
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (tools) {
            sb.append("tool calls");
        }
        if (structuredOutput) {
            sb.append(sb.isEmpty() ? "" : ", ").append("structured output");
        }
        if (image) {
            sb.append(sb.isEmpty() ? "" : ", ").append("image input");
        }
        return sb.toString();
    }
}
