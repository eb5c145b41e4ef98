package io.llmio.mock;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes one HTTP/1.1 response on a connection, or breaks the connection on purpose. */
final class MockWire {

    private final Socket socket;
    private final OutputStream out;
    private boolean reusable = true;

    MockWire(Socket socket, OutputStream out) {
        this.socket = socket;
        this.out = out;
    }

    boolean reusable() {
        return reusable;
    }

    /** A complete response with Content-Length. */
    void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
        out.write(head(status, headers, "Content-Length: " + body.length).getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Headers announcing the full length, then only the first {@code sent} bytes, then close. */
    void respondTruncated(int status, Map<String, String> headers, byte[] body, int sent) throws IOException {
        out.write(head(status, headers, "Content-Length: " + body.length).getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, Math.min(sent, body.length));
        out.flush();
        close();
    }

    /** Status line and headers of a chunked response, flushed at once. */
    void startChunked(int status, Map<String, String> headers) throws IOException {
        out.write(head(status, headers, "Transfer-Encoding: chunked").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One chunk, flushed: one SSE event never waits for the next. */
    void chunk(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void endChunked() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Orderly close (FIN) without finishing the response. */
    void close() throws IOException {
        reusable = false;
        out.flush();
        socket.close();
    }

    /** Abortive close: linger 0 makes the kernel send a TCP RST. */
    void reset() throws IOException {
        reusable = false;
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static String head(int status, Map<String, String> headers, String framing) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append(framing).append("\r\n\r\n");
        return sb.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
