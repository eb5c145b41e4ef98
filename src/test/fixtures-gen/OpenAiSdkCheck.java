// Manual check of the mock with openai-java 4.8.0 (not in pom.xml yet, so not under src/test/java).
// Run: javac/java with target/test-classes + the openai-java and test classpaths; all lines print "ok".
// Once com.openai:openai-java is a test dependency, move this into src/test/java as a JUnit test.
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.*;
import com.openai.models.responses.*;
import com.openai.models.embeddings.*;
import io.llmio.mock.*;

public class OpenAiSdkCheck {
    static void check(boolean ok, String what) { if (!ok) throw new AssertionError(what); System.out.println("ok  " + what); }
    public static void main(String[] a) throws Exception {
        try (MockUpstream m = MockUpstream.start("sk-check")) {
            OpenAIClient c = OpenAIOkHttpClient.builder().baseUrl(m.baseUrl(MockProtocol.OPENAI)).apiKey("sk-check").maxRetries(0).build();
            ChatCompletion cc = c.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-x").addUserMessage("hi").build());
            check(cc.choices().get(0).message().content().orElse("").equals("Hello! How can I help you today?"), "chat non-stream text");
            check(cc.usage().get().promptTokensDetails().get().cachedTokens().get() == 1920, "chat usage cached_tokens");
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> s = c.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                    .model("mock-parallel_tools").addUserMessage("hi").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                s.stream().forEach(acc::accumulate);
            }
            ChatCompletion sc = acc.chatCompletion();
            check(sc.choices().get(0).message().toolCalls().get().size() == 2, "chat stream 2 tool calls");
            check(sc.choices().get(0).message().toolCalls().get().get(1).function().get().function().arguments().contains("London"), "tool args London");
            check(sc.usage().get().totalTokens() == 2154, "chat stream usage chunk");
            ResponseAccumulator racc = ResponseAccumulator.create();
            try (StreamResponse<ResponseStreamEvent> s = c.responses().createStreaming(ResponseCreateParams.builder().model("mock-thinking").input("hi").build())) {
                s.stream().forEach(racc::accumulate);
            }
            Response r = racc.response();
            check(r.usage().get().outputTokensDetails().reasoningTokens() == 128, "responses reasoning_tokens");
            check(r.output().get(0).isReasoning(), "responses reasoning item");
            Response nr = c.responses().create(ResponseCreateParams.builder().model("gpt").input("hi").build());
            check(nr.usage().get().inputTokensDetails().cachedTokens() == 1920, "responses non-stream cached_tokens");
            CreateEmbeddingResponse e = c.embeddings().create(EmbeddingCreateParams.builder().model("emb").input("hi").build());
            check(e.data().get(0).embedding().size() == 8, "embeddings");
            check(c.models().list().data().size() == 4, "models list");
            m.script().next(Fault.rateLimited(1)).next(Fault.errorEventAfter(2));
            try { c.chat().completions().create(ChatCompletionCreateParams.builder().model("g").addUserMessage("hi").build()); check(false, "429"); }
            catch (com.openai.errors.RateLimitException ex) { check(true, "429 -> RateLimitException"); }
            try (StreamResponse<ChatCompletionChunk> s = c.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("g").addUserMessage("hi").build())) {
                s.stream().forEach(x -> {}); check(false, "in-stream error");
            } catch (com.openai.errors.OpenAIException ex) { check(true, "in-stream error -> " + ex.getClass().getSimpleName() + ": " + ex.getMessage().lines().findFirst().orElse("")); }
            OpenAIClient bad = OpenAIOkHttpClient.builder().baseUrl(m.baseUrl(MockProtocol.OPENAI)).apiKey("sk-wrong").maxRetries(0).build();
            try { bad.models().list(); check(false, "401"); } catch (com.openai.errors.UnauthorizedException ex) { check(true, "401 -> UnauthorizedException"); }
        }
    }
}
