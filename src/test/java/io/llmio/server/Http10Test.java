package io.llmio.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Http10Test {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anHttp10RequestLineBecomesAOneShotHttp11Request() {
        byte[] in = ascii("POST /v1/chat/completions HTTP/1.0\r\nHost: a\r\n\r\n{}");
        String out = new String(Http10.rewriteRequest(in, indexOfNewLine(in)), StandardCharsets.ISO_8859_1);
        assertThat(out).isEqualTo("POST /v1/chat/completions HTTP/1.1\r\nConnection: close\r\nHost: a\r\n\r\n{}");
        byte[] http11 = ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(Http10.rewriteRequest(http11, indexOfNewLine(http11))).isSameAs(http11);
        byte[] odd = ascii("GET /HTTP/1.0\r\n\r\n");
        assertThat(Http10.rewriteRequest(odd, indexOfNewLine(odd))).isSameAs(odd);
    }

    @Test
    void aChunkedAnswerReachesAnHttp10ClientUnchunkedWhateverItsWriteBoundaries() {
        String wire = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n"
                + "b\r\ndata: one\n\n\r\n" + "f;ext=1\r\ndata: two-two\n\n\r\n" + "0\r\nX-Trailer: t\r\n\r\n";
        for (int step : new int[] {1, 2, 3, 7, 16, wire.length()}) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            Http10.Writer writer = new Http10.Writer(collect(sink));
            writer.http10(true);
            for (int i = 0; i < wire.length(); i += step) {
                writer.write(BufferData.create(ascii(wire.substring(i, Math.min(wire.length(), i + step)))));
            }
            assertThat(sink.toString(StandardCharsets.ISO_8859_1)).as("written %d bytes at a time", step)
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                                       + "data: one\n\ndata: two-two\n\n");
        }
    }

    @Test
    void aLengthDelimitedAnswerPassesAndHttp11ConnectionsAreUntouched() {
        String wire = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Http10.Writer writer = new Http10.Writer(collect(sink));
        writer.http10(true);
        writer.write(BufferData.create(ascii(wire)));
        assertThat(sink.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        sink.reset();
        writer.http10(false);
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
        writer.write(BufferData.create(ascii(chunked)));
        assertThat(sink.toString(StandardCharsets.ISO_8859_1)).isEqualTo(chunked);
    }

    private static int indexOfNewLine(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static DataWriter collect(ByteArrayOutputStream sink) {
        return new DataWriter() {
            @Override
            public void write(BufferData... buffers) {
                for (BufferData b : buffers) {
                    write(b);
                }
            }

            @Override
            public void write(BufferData buffer) {
                sink.writeBytes(buffer.readBytes());
            }

            @Override
            public void writeNow(BufferData... buffers) {
                write(buffers);
            }

            @Override
            public void writeNow(BufferData buffer) {
                write(buffer);
            }
        };
    }
}
