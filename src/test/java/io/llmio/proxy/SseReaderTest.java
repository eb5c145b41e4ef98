package io.llmio.proxy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.llmio.proxy.sse.SseEvent;
import io.llmio.proxy.sse.SseReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTest {

    private static List<SseEvent> read(InputStream in) throws IOException {
        SseReader r = new SseReader(in);
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e = r.next(); e != null; e = r.next()) {
            out.add(e);
        }
        return out;
    }

    private static InputStream trickle(String s, int chunk) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < b.length ? b[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (pos >= b.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, chunk), b.length - pos);
                System.arraycopy(b, pos, buf, off, n);
                pos += n;
                return n;
            }
        };
    }

    @Test
    void lfFramedEventsKeepTheirRawBytes() throws IOException {
        String wire = "event: message_start\ndata: {\"a\":1}\n\nevent: ping\ndata: {}\n\ndata: [DONE]\n\n";
        List<SseEvent> events = read(trickle(wire, 3));
        assertThat(events).hasSize(3);
        assertThat(events.get(0).event()).isEqualTo("message_start");
        assertThat(events.get(0).data()).isEqualTo("{\"a\":1}");
        assertThat(events.get(2).data()).isEqualTo("[DONE]");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        events.forEach(e -> joined.writeBytes(e.raw()));
        assertThat(joined.toString(StandardCharsets.UTF_8)).isEqualTo(wire);
    }

    @Test
    void crlfFramedEventsAsGoogleSendsThem() throws IOException {
        String wire = "data: {\"candidates\":[]}\r\n\r\ndata: {\"usageMetadata\":{\"totalTokenCount\":3}}\r\n\r\n";
        for (int chunk : new int[] {1, 2, 7, 4096}) {
            List<SseEvent> events = read(trickle(wire, chunk));
            assertThat(events).extracting(SseEvent::data)
                    .containsExactly("{\"candidates\":[]}", "{\"usageMetadata\":{\"totalTokenCount\":3}}");
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            events.forEach(e -> joined.writeBytes(e.raw()));
            assertThat(joined.toString(StandardCharsets.UTF_8)).isEqualTo(wire);
        }
    }

    @Test
    void multiLineDataCommentsAndNoSpaceAfterColon() throws IOException {
        String wire = ": keep-alive\n\ndata:line1\ndata: line2\nid: 7\n\n";
        List<SseEvent> events = read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
        assertThat(events).hasSize(2);
        assertThat(events.get(0).data()).isNull();
        assertThat(events.get(1).data()).isEqualTo("line1\nline2");
    }

    @Test
    void unterminatedTailIsNotLost() throws IOException {
        List<SseEvent> events = read(new ByteArrayInputStream("data: a\n\ndata: b".getBytes(StandardCharsets.UTF_8)));
        assertThat(events).extracting(SseEvent::data).containsExactly("a", "b");
    }

    @Test
    void largeEventAcrossManyBuffers() throws IOException {
        String big = "x".repeat(100_000);
        List<SseEvent> events = read(trickle("data: " + big + "\n\n", 1000));
        assertThat(events).singleElement().extracting(SseEvent::data).isEqualTo(big);
    }
}
