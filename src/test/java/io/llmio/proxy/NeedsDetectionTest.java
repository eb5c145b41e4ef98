package io.llmio.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.proxy.anthropic.AnthropicCodec;
import io.llmio.proxy.gemini.GeminiCodec;
import io.llmio.proxy.openai.OpenAiCodec;
import io.llmio.registry.Needs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.proxy.protocol.ProtocolCodec;
import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.protocol.UsageTap;

/** Capability detection per protocol (SPEC §4.1): which requests need tools, structured output or images. */
class NeedsDetectionTest {
    private static final ProtocolCodec OPENAI = new OpenAiCodec();
    private static final ProtocolCodec ANTHROPIC = new AnthropicCodec();
    private static final ProtocolCodec GEMINI = new GeminiCodec();

    private static Needs needs(ProtocolCodec codec, Style style, String json) {
        JsonNode body = UsageTap.parse(json.replace('\'', '"'));
        return codec.needs(style, body);
    }

    private static Needs of(String flags) {
        return new Needs(flags.contains("T"), flags.contains("S"), flags.contains("I"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain text            | {'messages':[{'role':'user','content':'hi'}]}                                                      | -",
        "tools                 | {'tools':[{'name':'f','input_schema':{}}],'messages':[]}                                           | T",
        "empty tools           | {'tools':[],'messages':[]}                                                                         | -",
        "json_schema output    | {'output_format':{'type':'json_schema','schema':{}},'messages':[]}                                 | S",
        "image block           | {'messages':[{'role':'user','content':[{'type':'image','source':{'type':'base64'}}]}]}             | I",
        "image in tool_result  | {'messages':[{'role':'user','content':[{'type':'tool_result','content':[{'type':'image'}]}]}]}     | I",
        "assistant image only  | {'messages':[{'role':'assistant','content':[{'type':'image'}]}]}                                   | -",
    })
    void anthropic(String name, String body, String flags) {
        assertThat(needs(ANTHROPIC, Style.ANTHROPIC, body)).isEqualTo(of(flags));
        assertThat(needs(ANTHROPIC, Style.ANTHROPIC_COUNT_TOKENS, body)).isEqualTo(Needs.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain text             | {'contents':[{'role':'user','parts':[{'text':'hi'}]}]}                                              | -",
        "tools                  | {'tools':[{'functionDeclarations':[]}],'contents':[]}                                               | T",
        "toolConfig             | {'toolConfig':{'functionCallingConfig':{'mode':'ANY'}},'contents':[]}                               | T",
        "functionCall history   | {'contents':[{'role':'model','parts':[{'functionCall':{'name':'f','args':{}}}]}]}                   | T",
        "functionResponse       | {'contents':[{'role':'user','parts':[{'functionResponse':{'name':'f','response':{}}}]}]}            | T",
        "inlineData image       | {'contents':[{'role':'user','parts':[{'inlineData':{'mimeType':'image/png','data':'AA=='}}]}]}      | I",
        "fileData image         | {'contents':[{'parts':[{'fileData':{'mimeType':'image/jpeg','fileUri':'gs://x'}}]}]}                | I",
        "inlineData audio       | {'contents':[{'role':'user','parts':[{'inlineData':{'mimeType':'audio/wav','data':'AA=='}}]}]}      | -",
        "model's own image      | {'contents':[{'role':'model','parts':[{'inlineData':{'mimeType':'image/png','data':'AA=='}}]}]}     | -",
        "responseMimeType json  | {'generationConfig':{'responseMimeType':'application/json'},'contents':[]}                          | S",
        "responseSchema         | {'generationConfig':{'responseSchema':{'type':'OBJECT'}},'contents':[]}                             | S",
        "responseJsonSchema     | {'generationConfig':{'responseJsonSchema':{'type':'object'}},'contents':[]}                         | S",
    })
    void gemini(String name, String body, String flags) {
        assertThat(needs(GEMINI, Style.GEMINI, body)).isEqualTo(of(flags));
        assertThat(needs(GEMINI, Style.GEMINI_EMBEDDINGS, body)).isEqualTo(Needs.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain string input       | {'input':'hi'}                                                                                  | -",
        "tools                    | {'tools':[{'type':'function','name':'f'}],'input':'hi'}                                         | T",
        "json_schema format       | {'text':{'format':{'type':'json_schema','schema':{}}},'input':'hi'}                             | S",
        "json_object format       | {'text':{'format':{'type':'json_object'}},'input':'hi'}                                         | S",
        "text format              | {'text':{'format':{'type':'text'}},'input':'hi'}                                                | -",
        "input_image in content   | {'input':[{'role':'user','content':[{'type':'input_image','image_url':'data:'}]}]}              | I",
        "input_image item         | {'input':[{'type':'input_image','image_url':'data:'}]}                                          | I",
        "input_text only          | {'input':[{'role':'user','content':[{'type':'input_text','text':'hi'}]}]}                       | -",
        "assistant's image        | {'input':[{'role':'assistant','content':[{'type':'input_image'}]}]}                             | -",
    })
    void responses(String name, String body, String flags) {
        assertThat(needs(OPENAI, Style.OPENAI_RESPONSES, body)).isEqualTo(of(flags));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain text            | {'messages':[{'role':'user','content':'hi'}]}                                          | -",
        "tools                 | {'tools':[{'type':'function'}],'messages':[]}                                          | T",
        "legacy functions      | {'functions':[{'name':'f'}],'messages':[]}                                             | T",
        "json_object           | {'response_format':{'type':'json_object'},'messages':[]}                               | S",
        "image_url             | {'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'x'}}]}]} | I",
    })
    void chat(String name, String body, String flags) {
        assertThat(needs(OPENAI, Style.OPENAI_CHAT, body)).isEqualTo(of(flags));
        assertThat(needs(OPENAI, Style.OPENAI_EMBEDDINGS, body)).isEqualTo(Needs.NONE);
    }
}
