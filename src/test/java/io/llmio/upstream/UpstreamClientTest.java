package io.llmio.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.DataInputStream;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The upstream HTTP/1.1 client against real loopback sockets: scripted servers (a virtual thread
 * per accepted connection) count connections, record the raw requests and answer with exact bytes.
 * Every wait is a latch, queue or socket read with a timeout; no sleeps.
 */
@Timeout(30)
class UpstreamClientTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String PASSWORD = "s3cr#t:pw";
    private static final String PASSWORD_ENCODED = "s3cr%23t%3Apw";

    @TempDir
    static Path certDir;
    /** server side: a certificate for localhost, 127.0.0.1 and ::1; one for another host only */
    private static SSLContext localhostCert;
    private static SSLContext otherHostCert;
    /** server side: the localhost certificate when the client names localhost (SNI), the other one else */
    private static SSLContext bySni;
    /** client side: trusts both test certificates (so only host name verification can refuse one) */
    private static SSLSocketFactory trusting;

    private final List<AutoCloseable> closeAfter = new CopyOnWriteArrayList<>();

    // ---------------------------------------------------------------- certificates

    @BeforeAll
    static void certificates() throws Exception {
        Path good = certDir.resolve("localhost.p12");
        Path other = certDir.resolve("other.p12");
        // both keytool JVMs at once: the machine is small, start-up dominates
        Process a = keytool(good, "dns:localhost,ip:127.0.0.1,ip:::1");
        Process b = keytool(other, "dns:other.invalid");
        awaitKeytool(a);
        awaitKeytool(b);
        KeyStore goodStore = load(good);
        KeyStore otherStore = load(other);
        localhostCert = serverContext(goodStore);
        otherHostCert = serverContext(otherStore);
        bySni = sniContext(goodStore, otherStore);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", goodStore.getCertificate("k"));
        trust.setCertificateEntry("other", otherStore.getCertificate("k"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        trusting = client.getSocketFactory();
    }

    private static Process keytool(Path store, String san) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return new ProcessBuilder(keytool.toString(), "-genkeypair", "-noprompt", "-alias", "k", "-keyalg", "EC",
                                  "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=" + san,
                                  "-storetype", "PKCS12", "-validity", "2", "-keystore", store.toString(),
                                  "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(certDir.resolve(store.getFileName() + ".log").toFile()).start();
    }

    private static void awaitKeytool(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool exit code").isZero();
    }

    private static KeyStore load(Path p) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    /** Serves the certificate the client's SNI names, like a CDN front end with many sites: no SNI, the wrong one. */
    private static SSLContext sniContext(KeyStore localhost, KeyStore other) throws Exception {
        KeyStore both = KeyStore.getInstance("PKCS12");
        both.load(null, null);
        char[] pw = "changeit".toCharArray();
        both.setKeyEntry("localhost", localhost.getKey("k", pw), pw, localhost.getCertificateChain("k"));
        both.setKeyEntry("other", other.getKey("k", pw), pw, other.getCertificateChain("k"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(both, pw);
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        X509ExtendedKeyManager chooser = new X509ExtendedKeyManager() {
            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                List<SNIServerName> names = ((ExtendedSSLSession) ((SSLSocket) socket).getHandshakeSession()).getRequestedServerNames();
                boolean named = names.stream().anyMatch(n -> ((SNIHostName) n).getAsciiName().equals("localhost"));
                return named ? "localhost" : "other";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return keys.getServerAliases(keyType, issuers);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return keys.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return keys.getPrivateKey(alias);
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(new KeyManager[] {chooser}, null, null);
        return c;
    }

    private static SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    // ---------------------------------------------------------------- scripted servers

    /** What a server does with one accepted connection. */
    interface Script {
        void run(Peer p) throws Exception;
    }

    record Seen(int connection, String text) {
    }

    /** A loopback server that runs a script per accepted connection, each on its own virtual thread. */
    final class Server implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger accepts = new AtomicInteger();
        /** every request (head and body, ISO-8859-1) in the order parsed, with its connection number */
        final BlockingQueue<Seen> requests = new LinkedBlockingQueue<>();
        /** SNI host names each TLS connection asked for ("" for none) */
        final BlockingQueue<String> sni = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        /** runs on each accepted socket before the TLS handshake (a test's ALPN selector), or null */
        volatile java.util.function.Consumer<Socket> beforeHandshake;

        Server(ServerSocket socket, Script script) {
            this.socket = socket;
            closeAfter.add(this);
            Thread.ofVirtual().name("test-server-accept").start(() -> {
                while (true) {
                    Socket s;
                    try {
                        s = socket.accept();
                    } catch (IOException e) {
                        return;
                    }
                    int n = accepts.incrementAndGet();
                    sockets.add(s);
                    Thread.ofVirtual().name("test-server-" + n).start(() -> {
                        try (s) {
                            if (beforeHandshake != null) {
                                beforeHandshake.accept(s);
                            }
                            script.run(new Peer(this, s, n));
                        } catch (Throwable t) {
                            errors.add(t);
                        }
                    });
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        String url(String path) {
            return (socket instanceof SSLServerSocket ? "https://localhost:" : "http://127.0.0.1:") + port() + path;
        }

        List<Seen> drainRequests() {
            List<Seen> out = new ArrayList<>();
            requests.drainTo(out);
            return out;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** The server's side of one connection. */
    static final class Peer {
        final Server server;
        final Socket socket;
        final int index;
        final InputStream in;
        final OutputStream out;
        int requests;

        Peer(Server server, Socket socket, int index) throws IOException {
            this.server = server;
            this.socket = socket;
            this.index = index;
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
                List<String> names = new ArrayList<>();
                ((ExtendedSSLSession) ssl.getSession()).getRequestedServerNames()
                        .forEach(n -> names.add(((SNIHostName) n).getAsciiName()));
                server.sni.add(String.join(",", names));
            }
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** The next request, head and Content-Length body; null at EOF before its first byte. */
        String request() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while (true) {
                b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new EOFException("client closed in the middle of a request head");
                }
                head.write(b);
                int n = head.size();
                if (n >= 4 && head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String h = head.toString(ISO_8859_1);
            int length = 0;
            for (String line : h.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("client closed in the middle of a request body");
            }
            String req = h + new String(body, ISO_8859_1);
            requests++;
            server.requests.add(new Seen(index, req));
            return req;
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(ISO_8859_1));
            out.flush();
        }

        /** Blocks until the client closes its side (EOF or reset): whatever else it sends is discarded. */
        void awaitClientClose() {
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (IOException closed) {
                // reset: closed as well
            }
        }
    }

    private Server server(Script script) throws IOException {
        return new Server(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), script);
    }

    private Server tlsServer(SSLContext cert, Script script) throws IOException {
        SSLServerSocket ss = (SSLServerSocket) cert.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        return new Server(ss, script);
    }

    /** Answers every request on a connection with {@code answer(request)} until the client closes. */
    private static Script keepAlive(Function<String, String> answer) {
        return p -> {
            for (String r = p.request(); r != null; r = p.request()) {
                p.send(answer.apply(r));
            }
        };
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private UpstreamClient client() {
        return client(Duration.ofSeconds(30));
    }

    private UpstreamClient client(Duration idleTimeout) {
        UpstreamClient c = new UpstreamClient(Duration.ofSeconds(5), idleTimeout, trusting);
        closeAfter.add(c);
        return c;
    }

    private static UpstreamClient.Request get(String url) {
        return request("GET", url, Map.of(), null, WAIT, null);
    }

    private static UpstreamClient.Request request(String method, String url, Map<String, String> headers, String body,
                                                  Duration timeout, String proxy) {
        return new UpstreamClient.Request(method, URI.create(url), headers,
                                          body == null ? null : body.getBytes(ISO_8859_1), timeout, proxy);
    }

    private static String readAll(UpstreamResponse r) throws IOException {
        return new String(r.readBody(1 << 20), ISO_8859_1);
    }

    /** Sends a GET and reads the whole body. */
    private static String fetch(UpstreamClient client, String url) throws IOException {
        try (UpstreamResponse r = client.send(get(url))) {
            assertThat(r.status()).isEqualTo(200);
            return readAll(r);
        }
    }

    private static Seen next(Server s) throws InterruptedException {
        Seen r = s.requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r).as("server saw a request").isNotNull();
        return r;
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as(what).isTrue();
    }

    private static String pattern(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + (i * 7 + i / 26) % 26));
        }
        return sb.toString();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
    }

    // ---------------------------------------------------------------- 1. keep-alive, request head

    @Test
    void sequentialRequestsShareOneConnectionAndTheHeadIsExact() throws Exception {
        Server s = server(keepAlive(r -> r.startsWith("POST")
                ? "HTTP/1.1 201 Created\r\nContent-Type: Application/JSON; charset=utf-8\r\nX-Multi: a\r\n"
                  + "x-multi: b\r\nX-Folded: one\r\n  two\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
                : ok("second")));
        UpstreamClient client = client();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer sk-1");
        headers.put("X-Custom", "first");
        headers.put("Host", "evil.example");
        headers.put("Content-Length", "999");
        headers.put("Transfer-Encoding", "chunked");
        headers.put("Connection", "close");
        headers.put("Accept-Encoding", "gzip");
        headers.put("Proxy-Authorization", "Basic Zm9vOmJhcg==");
        headers.put("x-custom", "second");
        try (UpstreamResponse r = client.send(request("POST", s.url("/v1/chat?x=1&y=%20z"), headers, "hello", WAIT, null))) {
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.mediaType()).isEqualTo("application/json");
            assertThat(r.header("content-type")).isEqualTo("Application/JSON; charset=utf-8");
            assertThat(r.header("X-MULTI")).isEqualTo("a");
            assertThat(r.header("X-Folded")).isEqualTo("one two");
            List<String> fields = new ArrayList<>();
            r.forEachHeader((k, v) -> fields.add(k + "=" + v));
            assertThat(fields).containsExactly("Content-Type=Application/JSON; charset=utf-8", "X-Multi=a", "x-multi=b",
                                               "X-Folded=one two", "Content-Length=7");
            assertThat(readAll(r)).isEqualTo("{\"a\":1}");
        }
        assertThat(fetch(client, "http://127.0.0.1:" + s.port())).isEqualTo("second");

        assertThat(s.accepts.get()).isEqualTo(1);
        String host = "127.0.0.1:" + s.port();
        assertThat(next(s)).isEqualTo(new Seen(1,
                "POST /v1/chat?x=1&y=%20z HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer sk-1\r\n"
                + "x-custom: second\r\nAccept-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello"));
        assertThat(next(s)).isEqualTo(new Seen(1,
                "GET / HTTP/1.1\r\nHost: " + host + "\r\nAccept-Encoding: identity\r\n\r\n"));
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
    }

    @Test
    void postWithoutBodySendsContentLengthZeroAndHeadExpectsNoBody() throws Exception {
        Server s = server(keepAlive(r -> r.startsWith("HEAD")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" // a HEAD answer names the length but has no body
                : ok("ok")));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(request("POST", s.url("/p"), Map.of(), null, WAIT, null))) {
            assertThat(readAll(r)).isEqualTo("ok");
        }
        try (UpstreamResponse r = client.send(request("HEAD", s.url("/h"), Map.of(), null, WAIT, null))) {
            assertThat(r.header("Content-Length")).isEqualTo("1000");
            assertThat(r.inputStream().read()).isEqualTo(-1);
        }
        assertThat(fetch(client, s.url("/g"))).isEqualTo("ok");
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(next(s).text()).startsWith("POST /p HTTP/1.1\r\n").endsWith("Content-Length: 0\r\n\r\n");
        assertThat(next(s).text()).startsWith("HEAD /h HTTP/1.1\r\n").doesNotContain("Content-Length");
        assertThat(next(s).text()).startsWith("GET /g HTTP/1.1\r\n");
    }

    @Test
    void headerLinesLongerThanTheReadBufferAndDribbledBytesAreParsed() throws Exception {
        String longValue = pattern(3 * Connection.BUFFER + 17);
        String answer = "HTTP/1.1 200 OK\r\nX-Long: " + longValue + "\r\nContent-Length: 3\r\n\r\nabc";
        Server s = server(p -> {
            p.request();
            p.send(answer);
            p.request();
            for (char ch : ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n").toCharArray()) {
                p.send(String.valueOf(ch)); // one byte a segment: lines split across reads everywhere
            }
            keepAlive(r -> ok("end")).run(p);
        });
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThat(r.header("X-Long")).isEqualTo(longValue);
            assertThat(readAll(r)).isEqualTo("abc");
        }
        assertThat(fetch(client, s.url("/"))).isEqualTo("xyz");
        assertThat(fetch(client, s.url("/"))).isEqualTo("end");
        assertThat(s.accepts.get()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- 2. Content-Length bodies

    @Test
    void contentLengthBodyIsReadExactly() throws Exception {
        String big = pattern(100_000);
        Server s = server(keepAlive(r -> r.contains("/big") ? ok(big) : ok("0123456789")));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/small")))) {
            assertThat(r.readBody(10)).isEqualTo("0123456789".getBytes(ISO_8859_1));
            assertThat(r.inputStream().read()).isEqualTo(-1);
        }
        try (UpstreamResponse r = client.send(get(s.url("/big")))) {
            assertThat(new String(r.readBody(100_000), ISO_8859_1)).isEqualTo(big);
        }
        // through the stream in large reads (past the connection's buffer) and small ones
        try (UpstreamResponse r = client.send(get(s.url("/big")))) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] b = new byte[64 * 1024];
            boolean small = false;
            for (int n; (n = r.inputStream().read(b, 0, small ? 5 : b.length)) >= 0; small = !small) {
                got.write(b, 0, n);
            }
            assertThat(got.toString(ISO_8859_1)).isEqualTo(big);
        }
        assertThat(s.accepts.get()).isEqualTo(1);
    }

    @Test
    void contentLengthBodyOverTheLimitIsRefused() throws Exception {
        Server s = server(keepAlive(r -> ok("0123456789")));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThatThrownBy(() -> r.readBody(9)).isInstanceOf(IOException.class).hasMessageContaining("larger than 9");
        }
        // the unread body was not left on a pooled connection
        assertThat(fetch(client, s.url("/"))).isEqualTo("0123456789");
        assertThat(s.accepts.get()).isEqualTo(2);
    }

    @Test
    void truncatedContentLengthBodyFailsAndTheConnectionIsNotReused() throws Exception {
        Server s = server(p -> {
            if (p.index == 1) {
                p.request();
                p.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234"); // then closes
            } else {
                keepAlive(r -> ok("fine")).run(p);
            }
        });
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThatThrownBy(() -> r.readBody(100)).isInstanceOf(EOFException.class);
        }
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
        assertThat(fetch(client, s.url("/"))).isEqualTo("fine");
        assertThat(s.accepts.get()).isEqualTo(2);
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
    }

    @Test
    void truncatedBodyReadThroughTheStreamFails() throws Exception {
        Server s = server(p -> {
            p.request();
            p.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
        });
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            InputStream in = r.inputStream();
            assertThat(in.readNBytes(5)).isEqualTo("01234".getBytes(ISO_8859_1));
            assertThatThrownBy(in::read).isInstanceOf(EOFException.class);
        }
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
    }

    // ---------------------------------------------------------------- 3. chunked

    @Test
    void chunkedBodyIsDecodedAndEachChunkArrivesAtOnce() throws Exception {
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        String second = "6 ; ext\r\n world\r\n" + "1a\r\n" + pattern(26) + "\r\n"
                        + "0;last=1\r\nX-Trailer: a\r\nX-Other: b\r\n\r\n";
        Server s = server(p -> {
            p.request();
            p.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                   + "5;name=\"va;lue\"\r\nhello\r\n");
            if (!firstChunkRead.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return; // the client never got chunk 1 on its own: close, the test fails
            }
            p.send(second);
            p.request();
            p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "5;name=\"va;lue\"\r\nhello\r\n" + second);
            keepAlive(r -> ok("after")).run(p);
        });
        UpstreamClient client = client();
        // a 2 s idle timeout: if the client waited for more than chunk 1 before handing it over, it would time out
        try (UpstreamResponse r = client.send(request("GET", s.url("/stream"), Map.of(), null, Duration.ofSeconds(2), null))) {
            assertThat(r.mediaType()).isEqualTo("text/event-stream");
            InputStream in = r.inputStream();
            byte[] b = new byte[3];
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (got.size() < 5) {
                int n = in.read(b, 0, Math.min(3, 5 - got.size()));
                assertThat(n).isPositive();
                got.write(b, 0, n);
            }
            assertThat(got.toString(ISO_8859_1)).isEqualTo("hello");
            firstChunkRead.countDown();
            for (int n; (n = in.read(b)) >= 0; ) {
                got.write(b, 0, n);
            }
            assertThat(got.toString(ISO_8859_1)).isEqualTo("hello world" + pattern(26));
            assertThat(in.read()).isEqualTo(-1);
        }
        try (UpstreamResponse r = client.send(get(s.url("/whole")))) {
            assertThat(readAll(r)).isEqualTo("hello world" + pattern(26));
        }
        assertThat(fetch(client, s.url("/after"))).isEqualTo("after");
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(s.drainRequests()).extracting(Seen::connection).containsExactly(1, 1, 1);
    }

    @Test
    void largeChunksAreDecodedExactly() throws Exception {
        String a = pattern(50_000);
        String b = pattern(70_001).toUpperCase();
        Server s = server(keepAlive(r -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                         + Integer.toHexString(a.length()) + "\r\n" + a + "\r\n"
                                         + Integer.toHexString(b.length()).toUpperCase() + "\r\n" + b + "\r\n0\r\n\r\n"));
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/"))).isEqualTo(a + b);
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThat(new String(r.inputStream().readAllBytes(), ISO_8859_1)).isEqualTo(a + b);
        }
        assertThat(s.accepts.get()).isEqualTo(1);
    }

    @Test
    void chunkedBodyOverTheLimitIsRefused() throws Exception {
        String body = pattern(20);
        Server s = server(keepAlive(r -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n" + body + "\r\n0\r\n\r\n"));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThat(new String(r.readBody(20), ISO_8859_1)).isEqualTo(body);
        }
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThatThrownBy(() -> r.readBody(19)).isInstanceOf(IOException.class).hasMessageContaining("larger than 19");
        }
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThatThrownBy(() -> r.readBody(0)).isInstanceOf(IOException.class).hasMessageContaining("larger than 0");
        }
    }

    @Test
    void bigChunkedBodyOverTheLimitIsRefused() throws Exception {
        String body = pattern(9_000);
        Server s = server(keepAlive(r -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                         + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"));
        UpstreamClient client = client();
        for (int max : new int[] {100, 8 * 1024, 8_999}) {
            try (UpstreamResponse r = client.send(get(s.url("/")))) {
                assertThatThrownBy(() -> r.readBody(max)).as("max %d", max).isInstanceOf(IOException.class)
                        .hasMessageContaining("larger than " + max);
            }
        }
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThat(new String(r.readBody(9_000), ISO_8859_1)).isEqualTo(body);
        }
    }

    @Test
    void chunkedWithContentLengthIsDecodedAsChunkedButNotReused() throws Exception {
        Server s = server(keepAlive(r -> "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                                         + "5\r\nabcde\r\n0\r\n\r\n"));
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/"))).isEqualTo("abcde");
        assertThat(fetch(client, s.url("/"))).isEqualTo("abcde");
        assertThat(s.accepts.get()).isEqualTo(2);
    }

    @Test
    void malformedChunkSizeFails() throws Exception {
        Server s = server(keepAlive(r -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThatThrownBy(() -> r.readBody(100)).isInstanceOf(ProtocolException.class);
        }
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
    }

    // ---------------------------------------------------------------- 4. close-delimited

    @Test
    void closeDelimitedBodyIsReadToEofAndTheNextRequestOpensANewConnection() throws Exception {
        String big = pattern(30_000);
        Server s = server(p -> {
            p.request();
            switch (p.index) {
                case 1 -> p.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big);
                case 2 -> p.send("HTTP/1.0 200 OK\r\n\r\nten bytes!");
                case 3 -> p.send("HTTP/1.1 200 OK\r\n\r\nno framing at all");
                // HTTP/1.0 with a length but without keep-alive: still closed afterwards
                case 4 -> {
                    p.send("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    p.awaitClientClose();
                }
                // HTTP/1.1 with a length and Connection: close: closed after the body
                case 5 -> {
                    p.send("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 2\r\n\r\ncl");
                    p.awaitClientClose();
                }
                default -> {
                    // HTTP/1.0 with keep-alive: reused
                    String ka = "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nka";
                    p.send(ka);
                    keepAlive(r -> ka).run(p);
                }
            }
        });
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/1"))).isEqualTo(big);
        assertThat(fetch(client, s.url("/2"))).isEqualTo("ten bytes!");
        try (UpstreamResponse r = client.send(get(s.url("/3")))) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] b = new byte[4];
            for (int n; (n = r.inputStream().read(b)) >= 0; ) {
                got.write(b, 0, n);
            }
            assertThat(got.toString(ISO_8859_1)).isEqualTo("no framing at all");
        }
        assertThat(fetch(client, s.url("/4"))).isEqualTo("ok");
        assertThat(fetch(client, s.url("/5"))).isEqualTo("cl");
        assertThat(fetch(client, s.url("/6"))).isEqualTo("ka");
        assertThat(fetch(client, s.url("/7"))).isEqualTo("ka");
        assertThat(s.accepts.get()).isEqualTo(6);
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- 5. no body

    @Test
    void noContentNotModifiedAndEmptyBodiesLeaveTheConnectionReusable() throws Exception {
        Server s = server(keepAlive(r -> {
            if (r.startsWith("GET /204")) {
                return "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"; // a 204 has no body, whatever it says
            }
            if (r.startsWith("GET /304")) {
                return "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nTransfer-Encoding: chunked\r\n\r\n";
            }
            if (r.startsWith("GET /empty")) {
                return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
            }
            return ok("last");
        }));
        UpstreamClient client = client();
        for (String path : List.of("/204", "/304", "/empty")) {
            try (UpstreamResponse r = client.send(get(s.url(path)))) {
                assertThat(r.status()).isEqualTo(path.equals("/empty") ? 200 : Integer.parseInt(path.substring(1)));
                assertThat(r.readBody(100)).isEmpty();
                // the connection went back to the pool without a read to the end
            }
        }
        try (UpstreamResponse r = client.send(get(s.url("/204")))) {
            // not even read: the head alone completes the exchange
            assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
            assertThat(r.inputStream().read()).isEqualTo(-1);
        }
        assertThat(fetch(client, s.url("/x"))).isEqualTo("last");
        assertThat(s.accepts.get()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- 6. interim answers

    @Test
    void interimAnswersAreSkipped() throws Exception {
        Server s = server(keepAlive(r -> "HTTP/1.1 100 Continue\r\n\r\n"
                                         + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                                         + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal"));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(request("POST", s.url("/"), Map.of(), "x", WAIT, null))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Link")).isNull();
            assertThat(readAll(r)).isEqualTo("real");
        }
        assertThat(fetch(client, s.url("/"))).isEqualTo("real");
        assertThat(s.accepts.get()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- 7. stale pooled connections

    /** Connection 1 answers "one" and is then closed by the server (the upstream's keep-alive timeout, while it idles in the pool); later ones answer "two". */
    private static Script oneThenClosedThenTwo(CountDownLatch firstClosed) {
        return p -> {
            if (p.index == 1) {
                p.request();
                p.send(ok("one"));
                p.socket.close();
                firstClosed.countDown();
                return;
            }
            keepAlive(r -> ok("two")).run(p);
        };
    }

    @Test
    void stalePooledConnectionIsReplacedTransparently() throws Exception {
        CountDownLatch firstClosed = new CountDownLatch(1);
        Server s = server(oneThenClosedThenTwo(firstClosed));
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/"))).isEqualTo("one");
        await(firstClosed, "server closed connection 1");
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
        assertThat(fetch(client, s.url("/"))).isEqualTo("two");
        assertThat(s.accepts.get()).isEqualTo(2);
        assertThat(s.drainRequests()).extracting(Seen::connection).containsExactly(1, 2);
    }

    @Test
    void stalePooledTlsConnectionIsReplacedTransparently() throws Exception {
        CountDownLatch firstClosed = new CountDownLatch(1);
        Server s = tlsServer(localhostCert, oneThenClosedThenTwo(firstClosed));
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/"))).isEqualTo("one");
        await(firstClosed, "server closed connection 1");
        assertThat(fetch(client, s.url("/"))).isEqualTo("two");
        assertThat(s.accepts.get()).isEqualTo(2);
    }

    @Test
    void eofOnAFreshConnectionIsNotRetried() throws Exception {
        Server s = server(p -> p.request()); // reads the request, closes without a byte of answer
        UpstreamClient client = client();
        Throwable t = catchThrowable(() -> client.send(request("POST", s.url("/"), Map.of(), "once", WAIT, null)));
        assertThat(t).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(EOFException.class);
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(s.drainRequests()).hasSize(1);
    }

    @Test
    void pooledConnectionClosedAfterTheStatusLineIsNotRetried() throws Exception {
        // the upstream had begun to answer request 2: sending it again could run a (paid) call twice
        Server s = server(p -> {
            p.request();
            p.send(ok("one"));
            p.request();
            p.send("HTTP/1.1 200 OK\r\n");
        });
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/"))).isEqualTo("one");
        Throwable t = catchThrowable(() -> client.send(request("POST", s.url("/"), Map.of(), "two", WAIT, null)));
        assertThat(t).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(EOFException.class);
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(s.drainRequests()).hasSize(2);
    }

    @Test
    void expiredIdleConnectionIsClosedNotReused() throws Exception {
        BlockingQueue<Integer> clientClosed = new LinkedBlockingQueue<>();
        Server s = server(p -> {
            p.request();
            p.send(ok("x"));
            p.awaitClientClose();
            clientClosed.add(p.index);
        });
        UpstreamClient client = client(Duration.ZERO); // every pooled connection is already too old when taken
        assertThat(fetch(client, s.url("/"))).isEqualTo("x");
        assertThat(fetch(client, s.url("/"))).isEqualTo("x");
        assertThat(s.accepts.get()).isEqualTo(2);
        // both closed by the client: the first when found too old (or by the sweep), the second by the sweep
        List<Integer> closed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            closed.add(clientClosed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertThat(closed).containsExactlyInAnyOrder(1, 2);
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
    }

    @Test
    void closingTheClientClosesPooledConnections() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        Server s = server(p -> {
            keepAlive(r -> ok("x")).run(p);
            clientClosed.countDown();
        });
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/"))).isEqualTo("x");
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
        client.close();
        await(clientClosed, "server saw the pooled connection close");
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
    }

    // ---------------------------------------------------------------- 8. timeouts

    @Test
    void noAnswerWithinTheTimeoutFails() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        Server s = server(p -> {
            p.request();
            p.awaitClientClose(); // never answers
            clientClosed.countDown();
        });
        UpstreamClient client = client();
        long start = System.nanoTime();
        Throwable t = catchThrowable(() -> client.send(request("GET", s.url("/"), Map.of(), null, Duration.ofMillis(300), null)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(t).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SocketTimeoutException.class);
        assertThat(t.getCause()).hasMessageContaining("no data for 300 ms");
        assertThat(ms).isBetween(250L, 5_000L);
        await(clientClosed, "the timed out connection was closed");
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(s.drainRequests()).hasSize(1);
    }

    @Test
    void theTimeoutIsBetweenBytesNotForTheWholeBodyAndNoFinishedExchangeStaysWatched() throws Exception {
        int watchedBefore = IoWatchdog.INSTANCE.size();
        Server s = server(p -> {
            p.request();
            p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 6; i++) {
                Thread.sleep(150); // pacing the stream, 150 ms apart: under the 400 ms idle limit
                p.send("1\r\n" + i + "\r\n");
            }
            p.send("0\r\n\r\n");
            keepAlive(r -> ok("next")).run(p);
        });
        UpstreamClient client = client();
        long start = System.nanoTime();
        try (UpstreamResponse r = client.send(request("GET", s.url("/slow"), Map.of(), null, Duration.ofMillis(400), null))) {
            assertThat(IoWatchdog.INSTANCE.size()).isEqualTo(watchedBefore + 1);
            assertThat(readAll(r)).isEqualTo("012345");
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("longer than the idle limit in total").isGreaterThan(400);
        assertThat(IoWatchdog.INSTANCE.size()).as("a pooled connection is not watched").isEqualTo(watchedBefore);
        assertThat(fetch(client, s.url("/"))).isEqualTo("next");
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(IoWatchdog.INSTANCE.size()).isEqualTo(watchedBefore);
    }

    @Test
    void anUpstreamThatStopsReadingALargeBodyTimesOut() throws Exception {
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReceiveBufferSize(4096);
            ss.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            CountDownLatch accepted = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try (Socket held = ss.accept()) {
                    accepted.countDown();
                    held.getInputStream().read(); // takes one byte, then never reads again
                    held.setSoTimeout((int) WAIT.toMillis());
                    try {
                        held.getInputStream().skip(0);
                        Thread.sleep(WAIT);
                    } catch (InterruptedException ignored) {
                        // test over
                    }
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            byte[] body = new byte[64 << 20]; // far more than loopback socket buffers hold
            UpstreamClient client = client();
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> client.send(new UpstreamClient.Request(
                    "POST", URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/v1/x"), Map.of(), body,
                    Duration.ofMillis(500), null)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(accepted.getCount()).isZero();
            assertThat(t).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("did not take the request body within 500 ms");
            assertThat(ms).isBetween(400L, 5_000L);
        }
    }

    @Test
    void timeoutOnAPooledConnectionIsNotRetried() throws Exception {
        Server s = server(p -> {
            p.request();
            p.send(ok("one"));
            p.request();
            p.awaitClientClose();
        });
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/"))).isEqualTo("one");
        Throwable t = catchThrowable(() -> client.send(request("GET", s.url("/"), Map.of(), null, Duration.ofMillis(300), null)));
        assertThat(t).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SocketTimeoutException.class);
        assertThat(s.accepts.get()).isEqualTo(1);
    }

    @Test
    void stallInTheMiddleOfABodyTimesOut() throws Exception {
        BlockingQueue<Integer> clientClosed = new LinkedBlockingQueue<>();
        Server s = server(p -> {
            p.request();
            if (p.index == 1) {
                p.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n012");
            } else {
                p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
            }
            p.awaitClientClose();
            clientClosed.add(p.index);
        });
        UpstreamClient client = client();
        for (int i = 1; i <= 2; i++) {
            try (UpstreamResponse r = client.send(request("GET", s.url("/"), Map.of(), null, Duration.ofMillis(300), null))) {
                InputStream in = r.inputStream();
                assertThat(in.readNBytes(3)).hasSize(3); // what came is handed over at once
                long start = System.nanoTime();
                assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
            }
            assertThat(clientClosed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(i);
        }
        assertThat(s.accepts.get()).isEqualTo(2);
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
    }

    // ---------------------------------------------------------------- 9. abort

    @Test
    void closingBeforeTheEndOfTheBodyClosesTheConnection() throws Exception {
        BlockingQueue<Integer> clientClosed = new LinkedBlockingQueue<>();
        Server s = server(p -> {
            p.request();
            if (p.index == 1) {
                p.send("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n0123456789");
                p.awaitClientClose();
                clientClosed.add(p.index);
            } else {
                p.send(ok("next"));
                keepAlive(r -> ok("next")).run(p);
            }
        });
        UpstreamClient client = client();
        UpstreamResponse r = client.send(get(s.url("/")));
        assertThat(r.inputStream().readNBytes(10)).isEqualTo("0123456789".getBytes(ISO_8859_1));
        r.close();
        assertThat(clientClosed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> r.inputStream().read()).as("an aborted body does not look like a complete one")
                .isInstanceOf(IOException.class).hasMessageContaining("aborted");
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
        assertThat(fetch(client, s.url("/"))).isEqualTo("next");
        assertThat(s.accepts.get()).isEqualTo(2);
    }

    @Test
    void closingAChunkedStreamMidwayClosesTheConnection() throws Exception {
        BlockingQueue<Integer> clientClosed = new LinkedBlockingQueue<>();
        Server s = server(p -> {
            p.request();
            p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\ndata\r\n");
            p.awaitClientClose();
            clientClosed.add(p.index);
        });
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThat(r.inputStream().readNBytes(4)).isEqualTo("data".getBytes(ISO_8859_1));
        }
        assertThat(clientClosed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
    }

    @Test
    void cancellingFromAnotherThreadWhileWaitingForTheAnswerClosesTheConnection() throws Exception {
        BlockingQueue<Integer> clientClosed = new LinkedBlockingQueue<>();
        CountDownLatch received = new CountDownLatch(1);
        Server s = server(p -> {
            p.request();
            received.countDown();
            p.awaitClientClose();
            clientClosed.add(p.index);
        });
        UpstreamClient client = client();
        Cancellation cancel = new Cancellation();
        Thread.ofVirtual().start(() -> {
            try {
                received.await();
            } catch (InterruptedException e) {
                return;
            }
            cancel.cancel();
        });
        assertThatThrownBy(() -> client.send(get(s.url("/")), cancel)).isInstanceOf(UncheckedIOException.class);
        assertThat(clientClosed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
        assertThat(s.accepts.get()).as("a cancelled call is not resent on a new connection").isEqualTo(1);
    }

    @Test
    void cancellingAfterAFinishedExchangeLeavesThePooledConnectionAlone() throws Exception {
        Server s = server(keepAlive(r -> ok("fine")));
        UpstreamClient client = client();
        Cancellation cancel = new Cancellation();
        try (UpstreamResponse r = client.send(get(s.url("/")), cancel)) {
            assertThat(new String(r.readBody(100), ISO_8859_1)).isEqualTo("fine");
        }
        cancel.cancel();
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
        assertThat(fetch(client, s.url("/"))).isEqualTo("fine");
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThatThrownBy(() -> client.send(get(s.url("/")), cancel)).as("a cancelled call does not start")
                .isInstanceOf(UncheckedIOException.class);
    }

    // ---------------------------------------------------------------- 10. header injection

    @Test
    void headerInjectionIsRefusedBeforeAnyByteIsSent() throws Exception {
        Server s = server(keepAlive(r -> ok("ok")));
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/first"))).isEqualTo("ok");
        List<Map<String, String>> bad = List.of(
                Map.of("X-A", "v\r\nX-Evil: 1"),
                Map.of("X-A", "v\nX-Evil: 1"),
                Map.of("X-A", "v\rX-Evil: 1"),
                Map.of("X-A", "v\0"),
                Map.of("X Evil", "v"),
                Map.of("X-Evil:", "v"),
                Map.of("X-Evil\r\nY", "v"),
                Map.of("", "v"),
                Map.of("X-Ümlaut", "v"));
        for (Map<String, String> headers : bad) {
            assertThatThrownBy(() -> client.send(request("POST", s.url("/evil"), headers, "X-Evil", WAIT, null)))
                    .as("headers %s", headers).isInstanceOf(IllegalArgumentException.class);
        }
        for (String method : List.of("GET /evil HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET", "GE T", "", "GET\n")) {
            assertThatThrownBy(() -> client.send(request(method, s.url("/evil"), Map.of(), null, WAIT, null)))
                    .as("method %s", method).isInstanceOf(IllegalArgumentException.class);
        }
        // the pooled connection was not even taken
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
        assertThat(fetch(client, s.url("/last"))).isEqualTo("ok");
        assertThat(s.accepts.get()).isEqualTo(1);
        List<Seen> seen = s.drainRequests();
        assertThat(seen).extracting(Seen::text).allSatisfy(t -> assertThat(t).doesNotContain("vil"));
        assertThat(seen).extracting(r -> r.text().substring(0, r.text().indexOf('\r')))
                .containsExactly("GET /first HTTP/1.1", "GET /last HTTP/1.1");
    }

    // ---------------------------------------------------------------- 11. connect failure

    @Test
    void refusedConnectionFails() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        UpstreamClient client = client();
        assertThatThrownBy(() -> client.send(get("http://127.0.0.1:" + port + "/")))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void aHostWithSeveralAddressesIsReachedThroughTheFirstThatAnswers() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // 127.0.0.2 and 127.0.0.3 are loopback too, but nothing listens there: refused at once
            InetAddress[] addresses = {InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"),
                                       InetAddress.getByName("127.0.0.1")};
            try (Socket s = Connection.connect(addresses, ss.getLocalPort(), 5_000)) {
                assertThat(s.isConnected()).isTrue();
                assertThat(s.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
                assertThat(s.getTcpNoDelay()).isTrue();
            }
            InetAddress[] none = {InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")};
            assertThatThrownBy(() -> Connection.connect(none, ss.getLocalPort(), 5_000))
                    .isInstanceOf(ConnectException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        }
    }

    @Test
    void badUrlsAreRefused() {
        UpstreamClient client = client();
        assertThatThrownBy(() -> client.send(get("ftp://127.0.0.1/x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.send(get("/relative"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedAnswersFailWithoutRetry() throws Exception {
        List<String> answers = List.of("HTTP/2 200 OK\r\n\r\n", "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
                                       "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
                                       "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
                                       "HTTP/1.1 200 OK\r\nno colon\r\n\r\n");
        Server s = server(p -> {
            p.request();
            p.send(answers.get(p.index - 1));
            p.awaitClientClose();
        });
        UpstreamClient client = client();
        for (String answer : answers) {
            assertThatThrownBy(() -> client.send(get(s.url("/")))).as(answer)
                    .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ProtocolException.class);
        }
        assertThat(s.accepts.get()).isEqualTo(answers.size());
    }

    // ---------------------------------------------------------------- 12. TLS

    @Test
    void httpsWithSniAndConnectionReuse() throws Exception {
        Server s = tlsServer(localhostCert, keepAlive(r -> ok(r.substring(0, r.indexOf('\r')))));
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/v1/a?b=c"))).isEqualTo("GET /v1/a?b=c HTTP/1.1");
        assertThat(fetch(client, s.url("/v1/d"))).isEqualTo("GET /v1/d HTTP/1.1");
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(s.sni.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("localhost");
        assertThat(next(s).text()).contains("\r\nHost: localhost:" + s.port() + "\r\n");
    }

    @Test
    void httpsToAnIpAddressVerifiesTheIpAndSendsNoSni() throws Exception {
        Server s = tlsServer(localhostCert, keepAlive(r -> ok("ip")));
        UpstreamClient client = client();
        assertThat(fetch(client, "https://127.0.0.1:" + s.port() + "/")).isEqualTo("ip");
        assertThat(s.sni.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void certificateForAnotherHostIsRefused() throws Exception {
        Server s = tlsServer(otherHostCert, keepAlive(r -> ok("must not get here")));
        UpstreamClient client = client();
        Throwable t = catchThrowable(() -> client.send(get(s.url("/"))));
        assertThat(t).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateException.class);
        assertThat(rootMessage(t)).contains("localhost");
        assertThat(s.requests).isEmpty();
    }

    @Test
    void untrustedCertificateIsRefusedByTheDefaultClient() throws Exception {
        Server s = tlsServer(localhostCert, keepAlive(r -> ok("must not get here")));
        try (UpstreamClient client = new UpstreamClient()) {
            assertThatThrownBy(() -> client.send(get(s.url("/"))))
                    .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SSLHandshakeException.class);
        }
        assertThat(s.requests).isEmpty();
    }

    @Test
    void httpsReadTimeout() throws Exception {
        Server s = tlsServer(localhostCert, p -> {
            p.request();
            p.send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab");
            p.awaitClientClose();
        });
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(request("GET", s.url("/"), Map.of(), null, Duration.ofMillis(300), null))) {
            InputStream in = r.inputStream();
            assertThat(in.readNBytes(2)).isEqualTo("ab".getBytes(ISO_8859_1));
            long start = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
        }
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    // ---------------------------------------------------------------- 13. proxies

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers 407 (Basic) to a request without {@code user:password}, else {@code answer(request)}; keep-alive. */
    private static Script authenticating(String userPass, Function<String, String> answer) {
        return keepAlive(r -> r.contains("\r\nProxy-Authorization: " + basic(userPass) + "\r\n") ? answer.apply(r)
                : "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                  + "Content-Length: 0\r\n\r\n");
    }

    @Test
    void plainHttpThroughAProxyUsesTheAbsoluteFormAndAnswersItsBasicChallenge() throws Exception {
        Server proxy = server(authenticating("alice:" + PASSWORD, r -> ok("via proxy")));
        String proxyUrl = "http://alice:" + PASSWORD_ENCODED + "@127.0.0.1:" + proxy.port();
        UpstreamClient client = client();
        Map<String, String> headers = Map.of("Proxy-Authorization", "Basic bWFsbG9yeQ==", "X-Key", "k");
        for (String target : List.of("http://127.0.0.1:4711/v1/chat?q=1", "http://upstream.invalid/p")) {
            try (UpstreamResponse r = client.send(request("POST", target, headers, "{}", WAIT, proxyUrl))) {
                assertThat(readAll(r)).isEqualTo("via proxy");
            }
        }
        // the first request went without credentials, the proxy asked (407), it went again with them;
        // from then on they go up front (one pooled connection per upstream through the same proxy)
        assertThat(proxy.accepts.get()).isEqualTo(3);
        String challenged = next(proxy).text();
        assertThat(challenged).startsWith("POST http://127.0.0.1:4711/v1/chat?q=1 HTTP/1.1\r\nHost: 127.0.0.1:4711\r\n")
                .doesNotContainIgnoringCase("proxy-authorization");
        String first = next(proxy).text();
        assertThat(first).startsWith("POST http://127.0.0.1:4711/v1/chat?q=1 HTTP/1.1\r\nHost: 127.0.0.1:4711\r\n")
                .contains("\r\nX-Key: k\r\n")
                .contains("\r\nProxy-Authorization: " + basic("alice:" + PASSWORD) + "\r\n")
                .doesNotContain("bWFsbG9yeQ").endsWith("\r\n\r\n{}");
        assertThat(next(proxy).text()).startsWith("POST http://upstream.invalid/p HTTP/1.1\r\nHost: upstream.invalid\r\n")
                .contains("\r\nProxy-Authorization: " + basic("alice:" + PASSWORD) + "\r\n");
        try (UpstreamResponse r = client.send(request("POST", "http://127.0.0.1:4711/again", Map.of(), "{}", WAIT, proxyUrl))) {
            assertThat(readAll(r)).isEqualTo("via proxy");
        }
        assertThat(proxy.accepts.get()).isEqualTo(3);
        assertThat(client.idleConnections(URI.create("http://127.0.0.1:4711/"), proxyUrl)).isEqualTo(1);
    }

    @Test
    void aProxyThatNeverAsksNeverSeesTheCredentials() throws Exception {
        Server proxy = server(keepAlive(r -> ok("open proxy")));
        String proxyUrl = "http://alice:" + PASSWORD_ENCODED + "@127.0.0.1:" + proxy.port();
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(request("GET", "http://upstream.invalid/x", Map.of(), null, WAIT, proxyUrl))) {
            assertThat(readAll(r)).isEqualTo("open proxy");
        }
        assertThat(next(proxy).text()).doesNotContainIgnoringCase("proxy-authorization");
    }

    @Test
    void a407WithoutCredentialsOrForAnotherSchemeIsAClearProxyAuthFailure() throws Exception {
        Server basic = server(authenticating("alice:" + PASSWORD, r -> ok("never")));
        Server ntlm = server(keepAlive(r -> "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\n"
                                            + "Proxy-Authenticate: Negotiate\r\nContent-Length: 0\r\n\r\n"));
        UpstreamClient client = client();
        Throwable none = catchThrowable(() -> client.send(request("GET", "http://upstream.invalid/x", Map.of(), null, WAIT,
                                                                  "http://127.0.0.1:" + basic.port())));
        assertThat(none).isInstanceOf(UpstreamException.class)
                .hasMessage("proxy authentication failed (407): http://127.0.0.1:" + basic.port()
                            + " requires authentication (basic): put user:password in the proxy URL");
        assertThat(((UpstreamException) none).kind()).isEqualTo(UpstreamException.Kind.PROXY_AUTH);
        Throwable other = catchThrowable(() -> client.send(request("GET", "https://localhost:1/x", Map.of(), null, WAIT,
                "http://alice:" + PASSWORD_ENCODED + "@127.0.0.1:" + ntlm.port())));
        assertThat(other).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("asks for (ntlm, negotiate), llmio answers Basic only");
        assertNoCredentials(other);
        assertThat(ntlm.accepts.get()).isEqualTo(1);
        // a proxy that names no scheme at all gets Basic, as curl sends it
        Server bare = server(keepAlive(r -> r.contains("\r\nProxy-Authorization: " + basic("alice:" + PASSWORD) + "\r\n")
                ? ok("bare ok") : "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"));
        try (UpstreamResponse r = client.send(request("GET", "http://upstream.invalid/x", Map.of(), null, WAIT,
                                                      "http://alice:" + PASSWORD_ENCODED + "@127.0.0.1:" + bare.port()))) {
            assertThat(readAll(r)).isEqualTo("bare ok");
        }
    }

    /** A CONNECT proxy: records the CONNECT request, answers 200 and relays bytes both ways to {@code target}. */
    private static Script connectProxy(Server target) {
        return connectProxy(target, null);
    }

    /** {@link #connectProxy(Server)} that answers 407 (and closes) to a CONNECT without {@code userPass}, unless null. */
    private static Script connectProxy(Server target, String userPass) {
        return p -> {
            String connect = p.request();
            if (userPass != null && !connect.contains("\r\nProxy-Authorization: " + basic(userPass) + "\r\n")) {
                p.send("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                       + "Content-Length: 6\r\nConnection: close\r\n\r\ndenied");
                return;
            }
            p.send("HTTP/1.1 200 Connection established\r\n\r\n");
            try (Socket t = new Socket()) {
                t.connect(new InetSocketAddress("127.0.0.1", target.port()));
                Thread up = Thread.ofVirtual().start(() -> {
                    try {
                        p.in.transferTo(t.getOutputStream());
                        t.shutdownOutput();
                    } catch (IOException ignored) {
                        // either side gone
                    }
                });
                try {
                    t.getInputStream().transferTo(p.out);
                } catch (IOException ignored) {
                    // either side gone
                }
                p.socket.close();
                up.join();
            }
        };
    }

    @Test
    void httpsThroughAProxyTunnelsWithConnect() throws Exception {
        Server origin = tlsServer(localhostCert, keepAlive(r -> ok("tunnelled " + r.substring(0, r.indexOf('\r')))));
        Server proxy = server(connectProxy(origin, "alice:" + PASSWORD));
        String proxyUrl = "http://alice:" + PASSWORD_ENCODED + "@127.0.0.1:" + proxy.port();
        UpstreamClient client = client();
        for (int i = 0; i < 2; i++) {
            try (UpstreamResponse r = client.send(request("POST", origin.url("/v1/m?k=" + i), Map.of("X-Key", "k"), "{}", WAIT,
                                                          proxyUrl))) {
                assertThat(readAll(r)).isEqualTo("tunnelled POST /v1/m?k=" + i + " HTTP/1.1");
            }
        }
        // 407 to the CONNECT without credentials, then a new connection with them
        assertThat(proxy.accepts.get()).isEqualTo(2);
        assertThat(origin.accepts.get()).isEqualTo(1);
        String target = "localhost:" + origin.port();
        assertThat(next(proxy).text()).isEqualTo("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n");
        assertThat(next(proxy).text()).isEqualTo("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
                                                 + "Proxy-Authorization: " + basic("alice:" + PASSWORD) + "\r\n\r\n");
        assertThat(origin.sni.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("localhost");
        String tunnelled = next(origin).text();
        assertThat(tunnelled).startsWith("POST /v1/m?k=0 HTTP/1.1\r\nHost: " + target + "\r\n")
                .doesNotContainIgnoringCase("proxy-authorization");
    }

    @Test
    void refusedTunnelNamesTheProxyButNotItsCredentials() throws Exception {
        Server proxy = server(p -> {
            p.request();
            p.send("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n"
                   + "Content-Length: 5\r\n\r\ndenied");
            p.awaitClientClose();
        });
        String proxyUrl = "http://alice:" + PASSWORD_ENCODED + "@127.0.0.1:" + proxy.port();
        UpstreamClient client = client();
        UpstreamClient.Request req = request("GET", "https://localhost:1/x", Map.of(), null, WAIT, proxyUrl);
        Throwable t = catchThrowable(() -> client.send(req));
        assertThat(t).isInstanceOf(UpstreamException.class).hasMessage("proxy authentication failed (407): http://127.0.0.1:"
                + proxy.port() + " rejected the user and password of the proxy URL");
        assertThat(proxy.accepts.get()).as("asked without, then with the credentials").isEqualTo(2);
        assertNoCredentials(t);
        assertThat(String.valueOf(req)).doesNotContain("s3cr");
        assertThat(client.idleConnections(URI.create("https://localhost:1/x"), proxyUrl)).isZero();
        Endpoint.ProxyAddress address = Endpoint.ProxyAddress.parse(proxyUrl);
        assertThat(address.toString()).isEqualTo("http://127.0.0.1:" + proxy.port());
        assertThat(Endpoint.of(URI.create("https://localhost:1/x"), address).toString())
                .doesNotContain("s3cr").doesNotContain(basic("alice:" + PASSWORD).substring(6));
    }

    @Test
    void malformedProxyUrlsDoNotEchoTheirCredentials() {
        UpstreamClient client = client();
        for (String proxyUrl : List.of("http://alice:s3cr%zz@127.0.0.1:1", "http://alice:s3cr t@127.0.0.1:1",
                                       "ftp://alice:s3cret@127.0.0.1:1", "http://alice:s3cret@/",
                                       "socks5://alice:" + "x".repeat(256) + "s3cret@127.0.0.1:1")) {
            Throwable t = catchThrowable(() -> client.send(request("GET", "http://127.0.0.1:1/", Map.of(), null, WAIT, proxyUrl)));
            assertThat(t).as(proxyUrl).isInstanceOf(IllegalArgumentException.class);
            assertNoCredentials(t);
        }
    }

    private static void assertNoCredentials(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as("stack trace").doesNotContain("s3cr").doesNotContain(PASSWORD_ENCODED)
                .doesNotContain(basic("alice:" + PASSWORD).substring(6)).doesNotContain("alice");
    }

    @Test
    void tlsToTheProxyItselfForPlainAndTunnelledRequests() throws Exception {
        Server origin = tlsServer(localhostCert, keepAlive(r -> ok("origin")));
        Server forwardProxy = tlsServer(localhostCert, authenticating("alice:" + PASSWORD, r -> ok("forwarded")));
        Server tunnelProxy = tlsServer(localhostCert, connectProxy(origin));
        UpstreamClient client = client();
        String forwardUrl = "https://alice:" + PASSWORD_ENCODED + "@localhost:" + forwardProxy.port();
        try (UpstreamResponse r = client.send(request("GET", "http://127.0.0.1:4711/x", Map.of(), null, WAIT, forwardUrl))) {
            assertThat(readAll(r)).isEqualTo("forwarded");
        }
        assertThat(next(forwardProxy).text()).startsWith("GET http://127.0.0.1:4711/x HTTP/1.1\r\n")
                .doesNotContain("Proxy-Authorization");
        assertThat(next(forwardProxy).text()).startsWith("GET http://127.0.0.1:4711/x HTTP/1.1\r\n")
                .contains("\r\nProxy-Authorization: " + basic("alice:" + PASSWORD) + "\r\n");
        assertThat(forwardProxy.sni.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("localhost");
        // TLS to the origin inside TLS to the proxy
        String tunnelUrl = "https://localhost:" + tunnelProxy.port();
        for (int i = 0; i < 2; i++) {
            try (UpstreamResponse r = client.send(request("GET", origin.url("/y"), Map.of(), null, WAIT, tunnelUrl))) {
                assertThat(readAll(r)).isEqualTo("origin");
            }
        }
        assertThat(next(tunnelProxy).text()).startsWith("CONNECT localhost:" + origin.port() + " HTTP/1.1\r\n")
                .doesNotContain("Proxy-Authorization");
        assertThat(tunnelProxy.accepts.get()).isEqualTo(1);
        assertThat(origin.accepts.get()).isEqualTo(1);
        assertThat(origin.sni.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("localhost");
    }

    // ---------------------------------------------------------------- 14. concurrency

    @Test
    void concurrentRequestsGetTheirOwnAnswers() throws Exception {
        Server s = server(keepAlive(r -> {
            String body = r.substring(r.indexOf("\r\n\r\n") + 4);
            // chunked for half, so both framings are interleaved on the pooled connections
            return body.hashCode() % 2 == 0 ? ok("echo " + body)
                    : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(5 + body.length())
                      + "\r\necho " + body + "\r\n0\r\n\r\n";
        }));
        UpstreamClient client = client();
        int threads = 50;
        int each = 20;
        BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        String body = "id-" + id + "-" + i;
                        try (UpstreamResponse r = client.send(request("POST", s.url("/echo"), Map.of("X-Id", body), body,
                                                                      WAIT, null))) {
                            assertThat(readAll(r)).isEqualTo("echo " + body);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).as("all threads finished").isTrue();
        assertThat(failures).isEmpty();
        assertThat(s.requests).hasSize(threads * each);
        int opened = s.accepts.get();
        assertThat(opened).isBetween(1, threads);
        // every connection went back to the pool after its last exchange, none twice
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(opened);
    }

    // ---------------------------------------------------------------- 15. compression

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(ISO_8859_1));
        }
        return out.toByteArray();
    }

    private static String chunkedHead(String contentEncoding) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: " + contentEncoding
               + "\r\nTransfer-Encoding: chunked\r\n\r\n";
    }

    private static String chunk(byte[] b) {
        return Integer.toHexString(b.length) + "\r\n" + new String(b, ISO_8859_1) + "\r\n";
    }

    @Test
    void aGzipChunkedBodyIsDecodedAndTheConnectionGoesBackToThePool() throws Exception {
        Server s = server(keepAlive(r -> {
            try {
                return chunkedHead("gzip") + chunk(gzip("{\"n\":" + r.length() + "}")) + "0\r\n\r\n";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        UpstreamClient client = client();
        for (int i = 0; i < 2; i++) {
            try (UpstreamResponse r = client.send(get(s.url("/" + i)))) {
                assertThat(r.contentEncoding()).isNull();
                assertThat(r.declaredLength()).isEqualTo(-1);
                assertThat(readAll(r)).startsWith("{\"n\":");
            }
        }
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
    }

    @Test
    void onlyTheCodingsItCanUndoAreDecodedAndTheRestIsNamed() throws Exception {
        byte[] inner = "opaque-brotli-bytes".getBytes(ISO_8859_1);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(inner);
        }
        Server s = server(keepAlive(r -> r.startsWith("HEAD")
                ? "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 40\r\n\r\n"
                : chunkedHead("br, gzip") + chunk(gz.toByteArray()) + "0\r\n\r\n"));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThat(r.contentEncoding()).isEqualTo("br");
            assertThat(readAll(r)).isEqualTo("opaque-brotli-bytes");
        }
        // a HEAD answer names a coding but has no body
        try (UpstreamResponse r = client.send(request("HEAD", s.url("/"), Map.of(), null, WAIT, null))) {
            assertThat(r.inputStream().read()).isEqualTo(-1);
        }
        assertThat(s.accepts.get()).isEqualTo(1);
    }

    @Test
    void aCorruptGzipBodyFailsToReadAndItsConnectionIsNotReused() throws Exception {
        Server s = server(keepAlive(r -> "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 12\r\n\r\nnot gzip at!"));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(get(s.url("/")))) {
            assertThatThrownBy(() -> readAll(r)).isInstanceOf(IOException.class);
        }
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isZero();
    }

    // ---------------------------------------------------------------- 16. failure labels

    private static UpstreamException failure(UpstreamClient client, UpstreamClient.Request request) {
        Throwable t = catchThrowable(() -> client.send(request));
        assertThat(t).isInstanceOf(UpstreamException.class);
        return (UpstreamException) t;
    }

    @Test
    void eachFailureBeforeTheHeadersIsLabelledByWhatFailed() throws Exception {
        UpstreamClient client = new UpstreamClient(Duration.ofMillis(400), Duration.ofSeconds(30), trusting);
        closeAfter.add(client);
        UpstreamException dns = failure(client, get("http://no-such-host.invalid/"));
        assertThat(dns.kind()).isEqualTo(UpstreamException.Kind.DNS);
        assertThat(dns).hasMessage("cannot resolve host: no-such-host.invalid");

        int closed;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = ss.getLocalPort();
        }
        UpstreamException refused = failure(client, get("http://127.0.0.1:" + closed + "/"));
        assertThat(refused.kind()).isEqualTo(UpstreamException.Kind.CONNECT_REFUSED);
        assertThat(refused).hasMessageStartingWith("connect refused: 127.0.0.1:" + closed + " (ConnectException");

        // TCP accepted, no TLS answer: the handshake times out (the connect timeout bounds it)
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // test over
                }
            });
            UpstreamException tls = failure(client, get("https://localhost:" + silent.getLocalPort() + "/"));
            assertThat(tls.kind()).isEqualTo(UpstreamException.Kind.TLS);
            assertThat(tls.timeout()).isTrue();
            assertThat(tls).hasMessageStartingWith("TLS handshake failed: localhost:" + silent.getLocalPort());
        }

        Server untrusted = tlsServer(otherHostCert, keepAlive(r -> ok("x")));
        UpstreamException cert = failure(client, get(untrusted.url("/")));
        assertThat(cert.kind()).isEqualTo(UpstreamException.Kind.TLS);
        assertThat(cert.timeout()).isFalse();

        Server silentAfterRequest = server(p -> {
            p.request();
            p.awaitClientClose();
        });
        UpstreamException read = failure(client, request("GET", silentAfterRequest.url("/"), Map.of(), null,
                                                         Duration.ofMillis(300), null));
        assertThat(read.kind()).isEqualTo(UpstreamException.Kind.READ_TIMEOUT);
        assertThat(read.timeout()).isTrue();
        assertThat(read).hasMessage("read timeout: no response headers within 300 ms from 127.0.0.1:" + silentAfterRequest.port());

        Server resets = server(p -> {
            p.request();
            p.socket.setSoLinger(true, 0);
            p.socket.close();
        });
        assertThat(failure(client, get(resets.url("/"))).kind()).isEqualTo(UpstreamException.Kind.RESET);

        Server closes = server(p -> {
            p.request();
            p.socket.shutdownOutput();
            p.awaitClientClose();
        });
        UpstreamException eof = failure(client, get(closes.url("/")));
        assertThat(eof.kind()).isEqualTo(UpstreamException.Kind.EOF);
        assertThat(eof).hasMessage("connection closed before response headers: 127.0.0.1:" + closes.port());

        Server garbage = server(p -> {
            p.request();
            p.send("SSH-2.0-OpenSSH\r\n\r\n");
            p.awaitClientClose();
        });
        assertThat(failure(client, get(garbage.url("/"))).kind()).isEqualTo(UpstreamException.Kind.PROTOCOL);
    }

    @Test
    void aBodyTheUpstreamDoesNotTakeIsAWriteTimeout() throws Exception {
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReceiveBufferSize(4096);
            ss.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Thread.ofVirtual().start(() -> {
                try (Socket held = ss.accept()) {
                    held.getInputStream().read();
                    held.getInputStream().readAllBytes(); // after the client gave up
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            UpstreamException write = failure(client(), new UpstreamClient.Request(
                    "POST", URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/v1/x"), Map.of(), new byte[64 << 20],
                    Duration.ofMillis(500), null));
            assertThat(write.kind()).isEqualTo(UpstreamException.Kind.WRITE);
            assertThat(write.timeout()).isTrue();
            assertThat(write).hasMessageContaining("did not take the request body within 500 ms");
        }
    }

    // ---------------------------------------------------------------- 17. connection cap

    @Test
    void openConnectionsPerUpstreamAreCappedWithABoundedQueue() throws Exception {
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Server s = server(keepAlive(r -> {
            if (r.startsWith("GET /hold")) {
                firstIn.countDown();
                try {
                    release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ok(r.substring(4, r.indexOf(' ', 4)));
        }));
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), Duration.ofSeconds(30), trusting,
                                                   new UpstreamClient.Limits(1, 1, Duration.ofSeconds(5)), ProxyEnvironment.NONE);
        closeAfter.add(client);
        URI uri = URI.create(s.url("/"));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> fetchQuietly(client, s.url("/hold")),
                                                                        Thread::startVirtualThread);
        await(firstIn, "the first request holds the only connection");
        AtomicReference<String> second = new AtomicReference<>();
        CountDownLatch secondDone = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            second.set(fetchQuietly(client, s.url("/queued")));
            secondDone.countDown();
        });
        // the second waits in the queue (its one place); a third finds it full at once
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.waitingRequests(uri, null) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(client.waitingRequests(uri, null)).as("the second request is queued").isEqualTo(1);
        UpstreamException full = failure(client, get(s.url("/third")));
        assertThat(full.kind()).isEqualTo(UpstreamException.Kind.OVERLOADED);
        assertThat(full).hasMessage("overloaded: all 1 connections to 127.0.0.1:" + s.port()
                                    + " are busy and 1 requests waiting (LLMIO_UPSTREAM_MAX_CONNECTIONS, LLMIO_UPSTREAM_QUEUE)");
        assertThat(client.openConnections(uri, null)).isEqualTo(1);
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("/hold");
        await(secondDone, "the queued request ran once the connection came back");
        assertThat(second.get()).isEqualTo("/queued");
        assertThat(s.accepts.get()).isEqualTo(1);
        assertThat(client.openConnections(uri, null)).isEqualTo(1);
    }

    @Test
    void aQueuedRequestGivesUpAfterTheQueueTimeoutAndFailedConnectsFreeTheirSlot() throws Exception {
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Server s = server(p -> {
            p.request();
            firstIn.countDown();
            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            p.send(ok("late"));
            p.awaitClientClose();
        });
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), Duration.ofSeconds(30), trusting,
                                                   new UpstreamClient.Limits(1, 5, Duration.ofMillis(300)), ProxyEnvironment.NONE);
        closeAfter.add(client);
        Thread.ofVirtual().start(() -> fetchQuietly(client, s.url("/hold")));
        await(firstIn, "the first request holds the only connection");
        long start = System.nanoTime();
        UpstreamException waited = failure(client, get(s.url("/second")));
        assertThat(waited.kind()).isEqualTo(UpstreamException.Kind.OVERLOADED);
        assertThat(waited).hasMessageContaining("waited 300 ms for one");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
        release.countDown();

        int closed;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = ss.getLocalPort();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(failure(client, get("http://127.0.0.1:" + closed + "/")).kind())
                    .isEqualTo(UpstreamException.Kind.CONNECT_REFUSED);
        }
        assertThat(client.openConnections(URI.create("http://127.0.0.1:" + closed + "/"), null)).isZero();
    }

    @Test
    void aQueuedRequestWhoseCallerLeavesStopsWaitingAtOnce() throws Exception {
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Server s = server(p -> {
            p.request();
            firstIn.countDown();
            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            p.send(ok("late"));
            p.awaitClientClose();
        });
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), Duration.ofSeconds(30), trusting,
                                                   new UpstreamClient.Limits(1, 5, Duration.ofSeconds(20)), ProxyEnvironment.NONE);
        closeAfter.add(client);
        Thread.ofVirtual().start(() -> fetchQuietly(client, s.url("/hold")));
        await(firstIn, "the first request holds the only connection");
        Cancellation cancel = new Cancellation();
        BlockingQueue<Throwable> outcome = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> outcome.add(catchThrowable(() -> client.send(get(s.url("/queued")), cancel))));
        URI uri = URI.create(s.url("/"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.waitingRequests(uri, null) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(client.waitingRequests(uri, null)).isEqualTo(1);
        long start = System.nanoTime();
        cancel.cancel();
        Throwable t = outcome.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(t).isInstanceOf(UpstreamException.class);
        assertThat(((UpstreamException) t).kind()).isEqualTo(UpstreamException.Kind.CANCELLED);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000L); // not the 20 s queue timeout
        assertThat(client.waitingRequests(uri, null)).isZero();
        release.countDown();
    }

    private static String fetchQuietly(UpstreamClient client, String url) {
        try {
            return fetch(client, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- 18. SOCKS5

    record SocksSeen(int addressType, String host, int port, String user) {
    }

    /**
     * A SOCKS5 proxy (RFC 1928; RFC 1929 user/password when {@code userPass} is set): records each
     * CONNECT, connects to the target ({@code names} maps a domain to a loopback port), relays.
     */
    private static Script socks5(String userPass, Map<String, Integer> names, BlockingQueue<SocksSeen> seen) {
        return p -> {
            DataInputStream in = new DataInputStream(p.in);
            assertThat(in.read()).isEqualTo(5);
            byte[] methods = in.readNBytes(in.read());
            int want = userPass == null ? 0 : 2;
            boolean offered = false;
            for (byte m : methods) {
                offered |= m == want;
            }
            p.out.write(new byte[] {5, (byte) (offered ? want : 0xFF)});
            p.out.flush();
            if (!offered) {
                return;
            }
            String user = null;
            if (want == 2) {
                assertThat(in.read()).isEqualTo(1);
                user = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
                String password = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
                boolean ok = (user + ":" + password).equals(userPass);
                p.out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
                p.out.flush();
                if (!ok) {
                    return;
                }
            }
            assertThat(in.read()).isEqualTo(5);
            assertThat(in.read()).isEqualTo(1); // CONNECT
            in.read();
            int type = in.read();
            String host = switch (type) {
                case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                case 3 -> new String(in.readNBytes(in.read()), StandardCharsets.US_ASCII);
                default -> throw new IOException("address type " + type);
            };
            int port = in.readUnsignedShort();
            seen.add(new SocksSeen(type, host, port, user));
            Socket t = new Socket();
            try {
                t.connect(new InetSocketAddress(type == 3 ? InetAddress.getByName("127.0.0.1") : InetAddress.getByName(host),
                                                names.getOrDefault(host, port)), 2_000);
            } catch (IOException refused) {
                p.out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
                p.out.flush();
                t.close();
                return;
            }
            try (t) {
                p.out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0x1f, (byte) 0x90});
                p.out.flush();
                Thread up = Thread.ofVirtual().start(() -> {
                    try {
                        p.in.transferTo(t.getOutputStream());
                        t.shutdownOutput();
                    } catch (IOException ignored) {
                        // either side gone
                    }
                });
                try {
                    t.getInputStream().transferTo(p.out);
                } catch (IOException ignored) {
                    // either side gone
                }
                p.socket.close();
                up.join();
            }
        };
    }

    @Test
    void socks5hWithUserAndPasswordCarriesPlainAndTlsRequestsByName() throws Exception {
        Server origin = server(keepAlive(r -> ok("plain " + r.substring(0, r.indexOf('\r')))));
        Server tlsOrigin = tlsServer(localhostCert, keepAlive(r -> ok("tls " + r.substring(0, r.indexOf('\r')))));
        BlockingQueue<SocksSeen> seen = new LinkedBlockingQueue<>();
        Server proxy = server(socks5("alice:" + PASSWORD, Map.of("upstream.invalid", origin.port()), seen));
        String proxyUrl = "socks5h://alice:" + PASSWORD_ENCODED + "@127.0.0.1:" + proxy.port();
        UpstreamClient client = client();
        for (int i = 0; i < 2; i++) {
            try (UpstreamResponse r = client.send(request("GET", "http://upstream.invalid:8080/v1/m?i=" + i, Map.of(), null,
                                                          WAIT, proxyUrl))) {
                // origin form: a SOCKS tunnel is a plain TCP connection to the upstream
                assertThat(readAll(r)).isEqualTo("plain GET /v1/m?i=" + i + " HTTP/1.1");
            }
        }
        assertThat(next(origin).text()).contains("\r\nHost: upstream.invalid:8080\r\n");
        assertThat(seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new SocksSeen(3, "upstream.invalid", 8080, "alice"));
        try (UpstreamResponse r = client.send(request("GET", tlsOrigin.url("/secure"), Map.of(), null, WAIT, proxyUrl))) {
            assertThat(readAll(r)).isEqualTo("tls GET /secure HTTP/1.1");
        }
        assertThat(seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new SocksSeen(3, "localhost", tlsOrigin.port(), "alice"));
        assertThat(tlsOrigin.sni.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("localhost");
        assertThat(proxy.accepts.get()).as("one pooled tunnel per upstream").isEqualTo(2);
    }

    @Test
    void socks5ResolvesHereAndSendsAddressesIncludingIpv6() throws Exception {
        Server origin = server(keepAlive(r -> ok("v4")));
        Server origin6 = new Server(new ServerSocket(0, 50, InetAddress.getByName("::1")), keepAlive(r -> ok("v6")));
        BlockingQueue<SocksSeen> seen = new LinkedBlockingQueue<>();
        Server proxy = server(socks5(null, Map.of(), seen));
        String proxyUrl = "socks5://127.0.0.1:" + proxy.port();
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(request("GET", "http://localhost:" + origin.port() + "/", Map.of(), null, WAIT,
                                                      proxyUrl))) {
            assertThat(readAll(r)).isEqualTo("v4");
        }
        assertThat(seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new SocksSeen(1, "127.0.0.1", origin.port(), null));
        try (UpstreamResponse r = client.send(request("GET", "http://[::1]:" + origin6.port() + "/", Map.of(), null, WAIT,
                                                      proxyUrl))) {
            assertThat(readAll(r)).isEqualTo("v6");
        }
        assertThat(seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new SocksSeen(4, "0:0:0:0:0:0:0:1", origin6.port(), null));
        assertThat(next(origin6).text()).contains("\r\nHost: [::1]:" + origin6.port() + "\r\n");
    }

    @Test
    void socks5RefusalsAreLabelledAndNeverShowTheCredentials() throws Exception {
        BlockingQueue<SocksSeen> seen = new LinkedBlockingQueue<>();
        Server proxy = server(socks5("alice:right", Map.of(), seen));
        UpstreamClient client = client();
        UpstreamException wrong = failure(client, request("GET", "http://upstream.invalid/", Map.of(), null, WAIT,
                "socks5h://alice:" + PASSWORD_ENCODED + "@127.0.0.1:" + proxy.port()));
        assertThat(wrong.kind()).isEqualTo(UpstreamException.Kind.PROXY_AUTH);
        assertThat(wrong).hasMessage("proxy authentication failed (407): socks5h://127.0.0.1:" + proxy.port()
                                     + " rejected the user and password of the proxy URL");
        assertNoCredentials(wrong);
        UpstreamException none = failure(client, request("GET", "http://upstream.invalid/", Map.of(), null, WAIT,
                                                         "socks5h://127.0.0.1:" + proxy.port()));
        assertThat(none.kind()).isEqualTo(UpstreamException.Kind.PROXY_AUTH);
        assertThat(none).hasMessageContaining("put user:password in the proxy URL");
        int closed;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = ss.getLocalPort();
        }
        UpstreamException refused = failure(client, request("GET", "http://127.0.0.1:" + closed + "/", Map.of(), null, WAIT,
                                                            "socks5://alice:right@127.0.0.1:" + proxy.port()));
        assertThat(refused.kind()).isEqualTo(UpstreamException.Kind.PROXY);
        assertThat(refused).hasMessage("proxy failed: socks5://127.0.0.1:" + proxy.port() + " could not connect to 127.0.0.1:"
                                       + closed + ": connection refused");
        assertThat(seen).hasSize(1);
        assertThat(client.idleConnections(URI.create("http://upstream.invalid/"), "socks5h://127.0.0.1:" + proxy.port())).isZero();
    }

    // ---------------------------------------------------------------- 19. environment proxies

    @Test
    void theEnvironmentsProxyIsUsedUnlessNoProxyOrTheRequestsOwnProxySaysOtherwise() throws Exception {
        Server envProxy = server(keepAlive(r -> ok("env proxy")));
        Server ownProxy = server(keepAlive(r -> ok("own proxy")));
        Server direct = server(keepAlive(r -> ok("direct")));
        ProxyEnvironment env = ProxyEnvironment.from(Map.of("http_proxy", "127.0.0.1:" + envProxy.port(),
                                                            "no_proxy", "skip.invalid"));
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), Duration.ofSeconds(30), trusting,
                                                   UpstreamClient.Limits.DEFAULTS, env);
        closeAfter.add(client);
        assertThat(fetch(client, "http://upstream.invalid/a")).isEqualTo("env proxy");
        assertThat(next(envProxy).text()).startsWith("GET http://upstream.invalid/a HTTP/1.1\r\n");
        try (UpstreamResponse r = client.send(request("GET", "http://upstream.invalid/b", Map.of(), null, WAIT,
                                                      "http://127.0.0.1:" + ownProxy.port()))) {
            assertThat(readAll(r)).isEqualTo("own proxy");
        }
        // loopback never goes through the environment's proxy
        assertThat(fetch(client, direct.url("/c"))).isEqualTo("direct");
        assertThat(failure(client, get("http://api.skip.invalid/d")).kind()).isEqualTo(UpstreamException.Kind.DNS);
        // no HTTPS_PROXY: https goes direct
        assertThat(failure(client, get("https://upstream.invalid/e")).kind()).isEqualTo(UpstreamException.Kind.DNS);
        assertThat(envProxy.accepts.get()).isEqualTo(1);
    }

    @Test
    void noProxyMatchesNamesSuffixesAddressesRangesPortsAndStar() {
        ProxyEnvironment env = ProxyEnvironment.from(Map.of(
                "HTTPS_PROXY", "socks5h://u:p@127.0.0.1:7890", "https_proxy", "http://ignored:1", "HTTP_PROXY", "http://p:3128",
                "NO_PROXY", " example.com, .corp.internal ,*.svc, 10.0.0.0/8, 192.168.1.7, fd00::/8, internal.io:8443, [::2]:443"));
        String socks = "socks5h://u:p@127.0.0.1:7890";
        assertThat(env.proxyFor(URI.create("https://api.openai.com/v1"))).isEqualTo(socks);
        assertThat(env.proxyFor(URI.create("http://api.openai.com/v1"))).isEqualTo("http://p:3128");
        for (String direct : List.of("https://example.com/", "https://api.example.com/", "https://EXAMPLE.COM./",
                                     "https://corp.internal/", "https://a.b.corp.internal/", "https://x.svc/",
                                     "https://10.1.2.3/", "https://192.168.1.7/", "https://[fd00::1]/",
                                     "https://internal.io:8443/", "https://[::2]/", "https://localhost:1/",
                                     "https://127.0.0.2/", "https://[::1]/")) {
            assertThat(env.proxyFor(URI.create(direct))).as(direct).isNull();
        }
        for (String proxied : List.of("https://notexample.com/", "https://example.com.evil.io/", "https://11.0.0.1/",
                                      "https://192.168.1.8/", "https://internal.io/", "https://[::3]/")) {
            assertThat(env.proxyFor(URI.create(proxied))).as(proxied).isEqualTo(socks);
        }
        assertThat(ProxyEnvironment.from(Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "*"))
                           .proxyFor(URI.create("https://api.openai.com/"))).isNull();
        assertThat(ProxyEnvironment.from(Map.of()).proxyFor(URI.create("https://api.openai.com/"))).isNull();
        assertThat(env.toString()).doesNotContain("u:p");
        Throwable bad = catchThrowable(() -> ProxyEnvironment.from(Map.of("HTTPS_PROXY", "ftp://alice:s3cret@h:1")));
        assertThat(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("HTTPS_PROXY (or https_proxy): ");
        assertNoCredentials(bad);
        assertThatThrownBy(() -> ProxyEnvironment.from(Map.of("NO_PROXY", "10.0.0.0/99")))
                .hasMessageContaining("invalid prefix length");
    }

    // ---------------------------------------------------------------- 20. IPv6, SNI, ALPN, TLS resumption

    @Test
    void anIpv6UpstreamOnLoopbackPlainAndTls() throws Exception {
        Server plain = new Server(new ServerSocket(0, 50, InetAddress.getByName("::1")),
                                  keepAlive(r -> ok(r.substring(0, r.indexOf("\r\n\r\n")))));
        SSLServerSocket tls6 = (SSLServerSocket) localhostCert.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("::1"));
        Server secure = new Server(tls6, keepAlive(r -> ok("v6 tls")));
        UpstreamClient client = client();
        for (int i = 0; i < 2; i++) {
            assertThat(fetch(client, "http://[::1]:" + plain.port() + "/v1/x")).startsWith("GET /v1/x HTTP/1.1\r\nHost: [::1]:"
                                                                                         + plain.port() + "\r\n");
        }
        assertThat(plain.accepts.get()).isEqualTo(1);
        assertThat(plain.sockets.get(0).getInetAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(fetch(client, "https://[::1]:" + secure.port() + "/")).isEqualTo("v6 tls");
        // an IP literal: verified against the certificate's IP entry, no SNI (RFC 6066 §3)
        assertThat(secure.sni.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void aTlsFrontEndThatPicksItsCertificateBySniAndOffersH2GetsHttp11() throws Exception {
        SSLServerSocket ss = (SSLServerSocket) bySni.getServerSocketFactory().createServerSocket(0, 50,
                                                                                                   InetAddress.getByName("127.0.0.1"));
        SSLParameters params = ss.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        ss.setSSLParameters(params);
        BlockingQueue<List<String>> offered = new LinkedBlockingQueue<>();
        BlockingQueue<String> negotiated = new LinkedBlockingQueue<>();
        Server s = new Server(ss, p -> {
            negotiated.add(((SSLSocket) p.socket).getApplicationProtocol());
            for (String r = p.request(); r != null; r = p.request()) {
                p.send(ok("sni"));
            }
        });
        s.beforeHandshake = socket -> ((SSLSocket) socket).setHandshakeApplicationProtocolSelector((sock, protocols) -> {
            offered.add(protocols);
            return protocols.contains("h2") ? "h2" : protocols.contains("http/1.1") ? "http/1.1" : null;
        });
        UpstreamClient client = client();
        assertThat(fetch(client, "https://localhost:" + s.port() + "/")).isEqualTo("sni");
        assertThat(offered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).containsExactly("http/1.1");
        assertThat(negotiated.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("http/1.1");
        assertThat(s.sni.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("localhost");
    }

    @Test
    void aSecondTlsConnectionResumesTheSession() throws Exception {
        BlockingQueue<Long> created = new LinkedBlockingQueue<>();
        Server s = tlsServer(localhostCert, p -> {
            created.add(((SSLSocket) p.socket).getSession().getCreationTime());
            p.request();
            p.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        });
        UpstreamClient client = client();
        assertThat(fetch(client, s.url("/1"))).isEqualTo("ok");
        assertThat(fetch(client, s.url("/2"))).isEqualTo("ok");
        assertThat(s.accepts.get()).isEqualTo(2);
        long first = created.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        long second = created.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        // a resumed session (TLS 1.3 PSK) is the first one again: same creation time, no new full handshake
        assertThat(second).isEqualTo(first);
    }

    @Test
    void redirectsAreReturnedNotFollowed() throws Exception {
        Server elsewhere = server(keepAlive(r -> ok("must not be asked")));
        Server s = server(keepAlive(r -> "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + elsewhere.url("/v1/chat")
                                         + "\r\nContent-Length: 0\r\n\r\n"));
        UpstreamClient client = client();
        try (UpstreamResponse r = client.send(request("POST", s.url("/v1/chat"), Map.of(), "{\"k\":1}", WAIT, null))) {
            // a POST carrying an API key is never re-sent to another host
            assertThat(r.status()).isEqualTo(307);
            assertThat(r.header("location")).isEqualTo(elsewhere.url("/v1/chat"));
        }
        assertThat(elsewhere.accepts.get()).isZero();
        assertThat(client.idleConnections(URI.create(s.url("/")), null)).isEqualTo(1);
    }
}
