package io.llmio.e2e;

/**
 * Claude Code and Codex, each on a model whose only provider is of type {@code openai} (chat
 * completions): llmio translates Anthropic Messages and OpenAI Responses to chat completions and the
 * chat stream back (issue #13 point 3).
 */
class CodingAgentsTranslatedIT extends CodingAgentsContract {
    CodingAgentsTranslatedIT(AgentGateway gateway) {
        super(gateway, AgentGateway.CLAUDE_CHAT, "/v1/chat/completions", AgentGateway.CODEX_CHAT, "/v1/chat/completions");
    }
}
