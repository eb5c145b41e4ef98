package io.llmio.proxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.llmio.proxy.sse.SseEvent;
import io.llmio.proxy.sse.SseReader;

/**
 * What a Responses caller gets through translation, read by the official openai-java SDK's own
 * models: every answer validates as a {@link Response}, every stream event as a
 * {@link ResponseStreamEvent}, and the SDK's {@link ResponseAccumulator} rebuilds the answer
 * from the stream.
 */
class ResponsesSdkShapeTest {
    private static final JsonMapper SDK = ObjectMappers.jsonMapper();

    static Stream<Path> files() throws IOException, URISyntaxException {
        Path root = Path.of(ResponsesSdkShapeTest.class.getResource("/fixtures/translate").toURI());
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("responses-via-")).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".response.json") || n.endsWith(".sse") && !n.endsWith(".upstream.sse");
                    }).sorted().forEach(out::add);
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void theOfficialSdkReadsIt(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".response.json")) {
            Response r = SDK.readValue(Files.readAllBytes(file), Response.class);
            r.validate();
            assertThat(r.output()).isNotEmpty();
            return;
        }
        ResponseAccumulator acc = ResponseAccumulator.create();
        boolean error = false;
        SseReader reader = new SseReader(Files.newInputStream(file));
        for (SseEvent e = reader.next(); e != null; e = reader.next()) {
            ResponseStreamEvent event = SDK.readValue(e.data(), ResponseStreamEvent.class);
            event.validate();
            error |= event.isError();
            if (!event.isError()) {
                acc.accumulate(event);
            }
        }
        if (!error) {
            Response r = acc.response();
            r.validate();
            assertThat(r.output()).isNotEmpty();
        }
    }
}
