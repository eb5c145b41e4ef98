package io.llmio.proxy.protocol;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

/**
 * Picks named top-level fields out of a JSON body fed in pieces as it passes (Jackson's
 * non-blocking parser), without holding the body: what the usage taps need of an answer too
 * large to buffer. Fields of a top-level object count, and of each object in a top-level array
 * (a Gemini JSON-array stream; a later element's field replaces an earlier one's). Only the
 * picked values are built; everything else is tokenised and dropped.
 */
public final class BodyFields {
    private final Set<String> names;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final ObjectNode found = UsageTap.JSON.createObjectNode();
    private int depth;
    private boolean rootArray;
    private TokenBuffer capture;
    private String capturing;
    private int captureDepth;
    private boolean failed;

    public BodyFields(String... names) {
        this.names = Set.of(names);
        JsonParser p;
        try {
            p = UsageTap.JSON.getFactory().createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.parser = p;
        this.feeder = (ByteArrayFeeder) p.getNonBlockingInputFeeder();
    }

    /** The next piece of the body. A body that is not JSON is ignored from where it stops being so. */
    public void feed(byte[] b, int off, int len) {
        if (failed || len == 0) {
            return;
        }
        try {
            feeder.feedInput(b, off, off + len);
            JsonToken t;
            while ((t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
                token(t);
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
        }
    }

    /** The fields found so far, in an object of their own (empty when none). */
    public ObjectNode fields() {
        return found;
    }

    private void token(JsonToken t) throws IOException {
        if (capture != null) {
            capture.copyCurrentEvent(parser);
            if (t.isStructStart()) {
                captureDepth++;
            } else if (t.isStructEnd()) {
                captureDepth--;
            }
            if (captureDepth == 0) {
                found.set(capturing, UsageTap.JSON.readTree(capture.asParser(UsageTap.JSON)));
                capture = null;
            }
            return;
        }
        switch (t) {
            case START_OBJECT, START_ARRAY -> {
                if (depth == 0 && t == JsonToken.START_ARRAY) {
                    rootArray = true;
                }
                depth++;
            }
            case END_OBJECT, END_ARRAY -> depth--;
            case FIELD_NAME -> {
                if (depth == (rootArray ? 2 : 1) && names.contains(parser.currentName())) {
                    capturing = parser.currentName();
                    capture = new TokenBuffer(UsageTap.JSON, false);
                    captureDepth = 0;
                }
            }
            default -> {
                // values outside the picked fields are dropped
            }
        }
    }

    /** The fields of a whole body at once. */
    public static JsonNode of(byte[] body, String... names) {
        BodyFields f = new BodyFields(names);
        f.feed(body, 0, body.length);
        return f.fields();
    }
}
