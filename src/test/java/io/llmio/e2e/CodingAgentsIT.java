package io.llmio.e2e;

/** Claude Code on an {@code anthropic} provider, Codex on an {@code openai-responses} provider: passthrough. */
class CodingAgentsIT extends CodingAgentsContract {
    CodingAgentsIT(AgentGateway gateway) {
        super(gateway, AgentGateway.CLAUDE_SAME, "/v1/messages", AgentGateway.CODEX_SAME, "/v1/responses");
    }
}
