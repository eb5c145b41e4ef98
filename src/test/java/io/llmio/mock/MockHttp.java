package io.llmio.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Test-side HTTP client for talking to the mock directly. */
final class MockHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private MockHttp() {
    }

    static HttpRequest.Builder post(String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        return headers.length == 0 ? b : b.headers(headers);
    }

    static HttpRequest.Builder get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        return headers.length == 0 ? b : b.headers(headers);
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<InputStream> open(HttpRequest.Builder b) throws IOException, InterruptedException {
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String[] openai(MockUpstream m) {
        return new String[] {"Authorization", "Bearer " + m.apiKey()};
    }

    static String[] anthropic(MockUpstream m) {
        return new String[] {"x-api-key", m.apiKey(), "anthropic-version", "2023-06-01"};
    }

    static String[] gemini(MockUpstream m) {
        return new String[] {"x-goog-api-key", m.apiKey()};
    }
}
