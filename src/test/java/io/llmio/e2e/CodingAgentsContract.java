package io.llmio.e2e;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.AgentScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claude Code and Codex CLI, end to end through llmio with a tool call: the mock upstream answers the
 * agent's first request with a call of the agent's own shell tool, and the request that carries the
 * tool's result with a final text. Proven: the agent exits 0, the command really ran in its working
 * directory, its output travelled back upstream inside the tool result, the final text is what the
 * agent printed, and llmio logged every upstream call under the caller's key. Subclasses pick the
 * models, and so the provider type behind each (same protocol, or through translation).
 */
@ExtendWith(AgentGateway.Shared.class)
abstract class CodingAgentsContract {
    /** The command both agents are made to run; its output is computed, so it cannot come from the prompt. */
    private static final String COMMAND = "echo llmio-e2e-$((6*7)) | tee out.txt";
    private static final String OUTPUT = "llmio-e2e-42";
    private static final String FINAL = "Done: out.txt holds the greeting.";

    private final AgentGateway gateway;
    private final String claudeModel;
    private final String claudeUpstreamPath;
    private final String codexModel;
    private final String codexUpstreamPath;

    /** The models each agent uses, and the mock's path their provider type then calls. */
    CodingAgentsContract(AgentGateway gateway, String claudeModel, String claudeUpstreamPath, String codexModel,
                         String codexUpstreamPath) {
        this.gateway = gateway;
        this.claudeModel = claudeModel;
        this.claudeUpstreamPath = claudeUpstreamPath;
        this.codexModel = codexModel;
        this.codexUpstreamPath = codexUpstreamPath;
    }

    @Test
    void claudeCodeRunsItsBashToolThroughLlmio() {
        gateway.mock().agent(new AgentScript("Bash", "{\"command\":\"" + COMMAND + "\",\"description\":\"Write the greeting\"}", FINAL));
        CodingAgents.Run run = CodingAgents.claude(gateway.url(), gateway.key(), claudeModel,
                                                   "Write the greeting to out.txt with the Bash tool.", CodingAgents.runDir("claude"));
        String why = run.describe() + "\n--- llmio\n" + gateway.serverOutput();
        assertThat(run.exit()).as(why).isZero();
        JsonNode result = AgentGateway.json(run.stdout());
        assertThat(result.path("is_error").asBoolean()).as(why).isFalse();
        assertThat(result.path("result").asText()).as(why).isEqualTo(FINAL);
        assertThat(run.cwd().resolve("out.txt")).as("the Bash tool ran").hasContent(OUTPUT);

        List<JsonNode> upstream = gateway.upstreamRequests(claudeUpstreamPath, AgentGateway.upstreamModel(claudeModel));
        assertThat(upstream).as(why).hasSizeGreaterThanOrEqualTo(2);
        assertThat(upstream.getLast().toString()).as("the tool result went back upstream").contains(OUTPUT);
        assertLogged(claudeModel, "anthropic", upstream.size());
    }

    @Test
    void codexRunsItsShellToolThroughLlmio() {
        gateway.mock().agent(new AgentScript("exec_command", "{\"cmd\":\"" + COMMAND + "\"}", FINAL));
        CodingAgents.Run run = CodingAgents.codex(gateway.url(), gateway.key(), codexModel,
                                                  "Write the greeting to out.txt.", CodingAgents.runDir("codex"));
        String why = run.describe() + "\n--- llmio\n" + gateway.serverOutput();
        assertThat(run.exit()).as(why).isZero();
        List<JsonNode> events = run.stdout().lines().filter(l -> l.startsWith("{")).map(AgentGateway::json).toList();
        assertThat(events).as(why).noneMatch(e -> e.path("type").asText().equals("turn.failed"));
        assertThat(events).as(why).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("item.completed");
            assertThat(e.path("item").path("type").asText()).isEqualTo("agent_message");
            assertThat(e.path("item").path("text").asText()).isEqualTo(FINAL);
        });
        assertThat(run.cwd().resolve("out.txt")).as("the exec_command tool ran").hasContent(OUTPUT);

        List<JsonNode> upstream = gateway.upstreamRequests(codexUpstreamPath, AgentGateway.upstreamModel(codexModel));
        assertThat(upstream).as(why).hasSizeGreaterThanOrEqualTo(2);
        assertThat(upstream.getLast().toString()).as("the tool result went back upstream").contains(OUTPUT);
        assertLogged(codexModel, "openai-responses", upstream.size());
    }

    /** One successful row per upstream call, in the caller's protocol, under the caller's key. */
    private void assertLogged(String model, String style, int upstreamCalls) {
        List<JsonNode> rows = gateway.finishedLogRows(model, upstreamCalls);
        assertThat(rows).hasSize(upstreamCalls).allSatisfy(row -> {
            assertThat(row.path("status").asText()).as(row.toString()).isEqualTo("success");
            assertThat(row.path("http_status").asInt()).as(row.toString()).isEqualTo(200);
            assertThat(row.path("style").asText()).as(row.toString()).isEqualTo(style);
            assertThat(row.path("stream").asBoolean()).as(row.toString()).isTrue();
            assertThat(row.path("auth_key_id").asLong()).as(row.toString()).isEqualTo(gateway.keyId());
            assertThat(row.path("completion_tokens").asInt()).as(row.toString()).isPositive();
        });
    }
}
