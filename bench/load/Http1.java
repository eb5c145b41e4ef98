package io.llmio.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 keep-alive client connection: no allocation-heavy client library in
 * the measuring loop. Understands Content-Length, chunked and read-to-close bodies.
 */
final class Http1 implements AutoCloseable {
    /** Called with each piece of body bytes as it arrives (chunk payloads already de-chunked). */
    interface BodySink {
        void accept(byte[] buf, int off, int len, long nanoTime);
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[16384];

    Http1(URI uri) {
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    static byte[] request(URI uri, String body, Iterable<String> headers) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        sb.append("POST ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort())
                .append("\r\nContent-Type: application/json\r\nAccept: */*\r\nContent-Length: ").append(b.length).append("\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + b.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        return all;
    }

    /** Sends one request and reads the whole response; returns the status code. */
    int exchange(byte[] request, BodySink sink) throws IOException {
        if (socket == null) connect();
        out.write(request);
        out.flush();
        int status = readStatusLine();
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        String line;
        while (!(line = readLine()).isEmpty()) {
            int c = line.indexOf(':');
            if (c < 0) continue;
            String name = line.substring(0, c).trim();
            String value = line.substring(c + 1).trim();
            if (name.equalsIgnoreCase("content-length")) contentLength = Long.parseLong(value);
            else if (name.equalsIgnoreCase("transfer-encoding")) chunked = value.toLowerCase().contains("chunked");
            else if (name.equalsIgnoreCase("connection")) close = value.equalsIgnoreCase("close");
        }
        if (chunked) readChunked(sink);
        else if (contentLength >= 0) readFixed(contentLength, sink);
        else { readToEof(sink); close = true; }
        if (close) close();
        return status;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    private int readStatusLine() throws IOException {
        String line = readLine();
        while (line.isEmpty()) line = readLine();
        int sp = line.indexOf(' ');
        if (!line.startsWith("HTTP/1.") || sp < 0) throw new IOException("bad status line: " + line);
        return Integer.parseInt(line.substring(sp + 1, Math.min(line.length(), sp + 4)));
    }

    private void readChunked(BodySink sink) throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) { /* trailers */ }
                return;
            }
            readFixed(size, sink);
            readLine();
        }
    }

    private void readFixed(long n, BodySink sink) throws IOException {
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new EOFException("body ended early");
            if (sink != null) sink.accept(buf, 0, r, System.nanoTime());
            n -= r;
        }
    }

    private void readToEof(BodySink sink) throws IOException {
        int r;
        while ((r = in.read(buf)) >= 0) if (sink != null) sink.accept(buf, 0, r, System.nanoTime());
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new EOFException("connection closed");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}
