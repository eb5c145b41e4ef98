#!/usr/bin/env python3
"""Writes the inputs of the OpenAI Responses translation scenarios (issue #13) under
src/test/resources/fixtures/translate/{responses-via-*,*-via-responses}/.

Run from the repo root after gen_fixtures.py. Caller requests of the other protocols and the
upstream answers of the other vendors are the existing scenarios' own files (copied, so a pair's
directory is self-contained); Responses upstream answers are the mock's fixtures
(fixtures/openai/responses, written by gen_fixtures.py) plus the incomplete / refusal / failed /
error shapes below. Expected outputs are written by TranslationGoldenTest -Dtranslate.regen=true
(review the diff).
"""
import json, os, shutil, glob

FIX = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")
T = os.path.join(FIX, "translate")

def compact(o):
    return json.dumps(o, separators=(",", ":"), ensure_ascii=False)

def write(d, name, obj_or_text):
    os.makedirs(os.path.join(T, d), exist_ok=True)
    with open(os.path.join(T, d, name), "w", newline="") as f:
        f.write(obj_or_text if isinstance(obj_or_text, str) else compact(obj_or_text) + "\n")

def copy(src_dir, dst_dir, patterns):
    for p in patterns:
        for f in sorted(glob.glob(os.path.join(T, src_dir, p))):
            os.makedirs(os.path.join(T, dst_dir), exist_ok=True)
            shutil.copyfile(f, os.path.join(T, dst_dir, os.path.basename(f)))

REQ = ["*.request.json", "*.untranslatable.json"]
UP = ["*.upstream-response.json", "*.upstream.sse", "*.upstream-error.json"]

# ---------------------------------------------------------------- Responses as the caller
WEATHER = {"type": "function", "name": "get_weather", "description": "Get the current weather",
           "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"],
                          "additionalProperties": False}, "strict": True}
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
CALLER = {
    "_stream": {"model": "gpt-4.1", "stream": True, "input": "Hello!"},
    "text": {"model": "gpt-4.1", "input": "Hello!"},
    "system": {"model": "gpt-4.1", "instructions": "You are a terse assistant.", "temperature": 0.2, "top_p": 0.9,
               "max_output_tokens": 300,
               "input": [{"role": "developer", "content": "Answer in French."},
                         {"role": "user", "content": [{"type": "input_text", "text": "Hello!"}]}]},
    "multi_turn": {"model": "gpt-4.1", "max_output_tokens": 200, "input": [
        {"type": "message", "role": "user", "content": "Hello there."},
        {"type": "message", "role": "assistant", "id": "msg_1", "status": "completed",
         "content": [{"type": "output_text", "text": "Hi! How can I help?", "annotations": []}]},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Explain LLMs"},
                                                        {"type": "input_text", "text": "in plain English."}]}]},
    "tools": {"model": "gpt-4.1", "stream": True, "input": [{"role": "user", "content": "What's the weather like in Paris?"}],
              "tools": [WEATHER], "tool_choice": {"type": "function", "name": "get_weather"}},
    "parallel_tools": {"model": "gpt-4.1", "input": [{"role": "user", "content": "Weather in Paris and London?"}],
                       "tools": [WEATHER], "tool_choice": "required", "parallel_tool_calls": True},
    "tool_results": {"model": "gpt-4.1", "tools": [WEATHER], "parallel_tool_calls": False, "input": [
        {"role": "user", "content": "Weather in Paris and London?"},
        {"type": "function_call", "id": "fc_1", "call_id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "name": "get_weather",
         "arguments": "{\"location\":\"Paris\"}", "status": "completed"},
        {"type": "function_call", "id": "fc_2", "call_id": "call_Xy4kP0QhT2mW8rN5vB7cL1sE", "name": "get_weather",
         "arguments": "{\"location\":\"London\"}", "status": "completed"},
        {"type": "function_call_output", "call_id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "output": "18C, sunny"},
        {"type": "function_call_output", "call_id": "call_Xy4kP0QhT2mW8rN5vB7cL1sE",
         "output": [{"type": "input_text", "text": "12C, rain"}]}]},
    "images": {"model": "gpt-4.1", "input": [{"role": "user", "content": [
        {"type": "input_text", "text": "What is in these images?"},
        {"type": "input_image", "image_url": "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg", "detail": "high"},
        {"type": "input_image", "image_url": "data:image/png;base64," + PNG}]}]},
    "json": {"model": "gpt-4.1", "input": "Weather in Paris as JSON.", "text": {"format": {
        "type": "json_schema", "name": "weather", "strict": True, "schema": {
            "type": "object", "properties": {"city": {"type": "string"}, "temperature_c": {"type": "number"},
                                             "conditions": {"type": "string"}},
            "required": ["city", "temperature_c", "conditions"], "additionalProperties": False}}}},
    "json_object": {"model": "gpt-4.1", "input": "Weather in Paris as JSON.", "text": {"format": {"type": "json_object"}}},
    "thinking": {"model": "o4-mini", "stream": True, "input": "What is 2 + 2?", "max_output_tokens": 8000,
                 "reasoning": {"effort": "high", "summary": "auto"}},
    # what Codex CLI sends (codex-rs ResponsesApiRequest): stateless, encrypted reasoning handed back
    "codex": {"model": "gpt-5-codex", "instructions": "You are Codex, based on GPT-5.", "input": [
        {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "<permissions instructions>"}]},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "<environment_context>cwd /repo</environment_context>"}]},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "List the files."}]},
        {"type": "reasoning", "id": "rs_0c1", "summary": [{"type": "summary_text", "text": "**Listing files**"}],
         "content": None, "encrypted_content": "gAAAAABoCodexOpaque"},
        {"type": "function_call", "name": "shell", "arguments": "{\"command\":[\"ls\"]}", "call_id": "call_shell1"},
        {"type": "function_call_output", "call_id": "call_shell1", "output": "README.md\nsrc\n"}],
        "tools": [{"type": "function", "name": "shell", "description": "Runs a shell command and returns its output.",
                   "strict": False, "parameters": {"type": "object", "properties": {
                       "command": {"type": "array", "items": {"type": "string"}}, "workdir": {"type": "string"}},
                       "required": ["command"], "additionalProperties": False}}],
        "tool_choice": "auto", "parallel_tool_calls": False, "reasoning": {"effort": "medium", "summary": "auto"},
        "store": False, "stream": True, "include": ["reasoning.encrypted_content"],
        "prompt_cache_key": "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "text": {"verbosity": "low"}},
    # a tool loop whose reasoning came from Anthropic (llmio marks the signature in encrypted_content)
    "foreign_signature": {"model": "claude-sonnet-4", "tools": [WEATHER], "reasoning": {"effort": "medium"},
                          "store": False, "input": [
        {"role": "user", "content": "Weather in Paris?"},
        {"type": "reasoning", "id": "rs_msg_01XFDUDYJgAACzvnptvVoYEL_0", "summary": [
            {"type": "summary_text", "text": "Need the weather tool."}], "encrypted_content": "llmio.anthropic.EqQBCkYIBxgCKkDwt3qH"},
        {"type": "function_call", "call_id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
         "arguments": "{\"location\":\"Paris\"}"},
        {"type": "function_call_output", "call_id": "toolu_01A09q90qw90lq917835lq9", "output": "18C, sunny"}]},
}
UNTRANSLATABLE = {
    "untranslatable_previous_response": ({"model": "gpt-4.1", "input": "And then?", "previous_response_id": "resp_123"},
                                         "previous_response_id"),
    "untranslatable_store": ({"model": "gpt-4.1", "input": "Hi", "store": True}, "store"),
    "untranslatable_web_search": ({"model": "gpt-4.1", "input": "News?", "tools": [{"type": "web_search"}]},
                                  "tools[0].type"),
    "untranslatable_item_reference": ({"model": "gpt-4.1", "input": [{"type": "item_reference", "id": "msg_1"}]},
                                      "input[0].type"),
    "untranslatable_file": ({"model": "gpt-4.1", "input": [{"role": "user", "content": [
        {"type": "input_file", "file_id": "file-abc"}]}]}, "input[0].content[0].type"),
}
for up, src in (("openai", "anthropic-via-openai"), ("anthropic", "openai-via-anthropic"),
                ("gemini", "anthropic-via-gemini")):
    d = f"responses-via-{up}"
    for name, body in CALLER.items():
        write(d, f"{name}.request.json", body)
    for name, (body, field) in UNTRANSLATABLE.items():
        write(d, f"{name}.untranslatable.json", {"request": body, "field": field})
    copy(src, d, UP)
copy("openai-via-gemini", "responses-via-gemini", UP)

# ---------------------------------------------------------------- Responses as the upstream
R = os.path.join(FIX, "openai", "responses")
def sse_events(text):
    return [e for e in text.split("\n\n") if e.strip()]

def resp_body(sc):
    with open(os.path.join(R, sc + ".json")) as f:
        return json.load(f)

def variant(sc, status, reason, output, usage=None):
    b = resp_body(sc)
    b["status"] = status
    b["incomplete_details"] = {"reason": reason} if reason else None
    if output is not None:
        b["output"] = output
    if usage:
        b["usage"] = usage
    return b

def retarget_stream(sc, terminal_type, status, reason):
    """The scenario's stream with its terminal event turned into another terminal type."""
    with open(os.path.join(R, sc + ".sse")) as f:
        events = sse_events(f.read())
    last = json.loads(events[-1].split("data: ", 1)[1])
    last["type"] = terminal_type
    last["response"]["status"] = status
    last["response"]["incomplete_details"] = {"reason": reason} if reason else None
    events[-1] = f"event: {terminal_type}\ndata: {compact(last)}"
    return "\n\n".join(events) + "\n\n"

# an Anthropic caller handing back the reasoning item it got through llmio (signature marked openai)
OPENAI_SIGNED = {"model": "claude-sonnet-4-20250514", "max_tokens": 2048, "thinking": {"type": "enabled", "budget_tokens": 1024},
                 "tools": [{"name": "get_weather", "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}}}],
                 "messages": [{"role": "user", "content": "Weather in Paris?"},
                              {"role": "assistant", "content": [
                                  {"type": "thinking", "thinking": "Need the weather tool.",
                                   "signature": "llmio.openai.rs_6820f383d7c08191846711c5df8233bc.gAAAAABoEncryptedReasoning"},
                                  {"type": "tool_use", "id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "name": "get_weather",
                                   "input": {"location": "Paris"}}]},
                              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "call_DdmO9pD3xa9XTPNJ32zg2hcA",
                                                            "content": "18C, sunny"}]}]}
write("anthropic-via-responses", "openai_signature.request.json", OPENAI_SIGNED)

UPSTREAM = {}
for sc in ("text", "tools", "parallel_tools", "thinking", "json"):
    UPSTREAM[sc] = (resp_body(sc), open(os.path.join(R, sc + ".sse")).read())
UPSTREAM["max_tokens"] = (variant("text", "incomplete", "max_output_tokens", None),
                          retarget_stream("text", "response.incomplete", "incomplete", "max_output_tokens"))
msg = resp_body("text")["output"][0]
refusal = dict(msg, content=[{"type": "refusal", "refusal": "I'm sorry, I can't help with that."}])
UPSTREAM["refusal"] = (variant("text", "completed", None, [refusal]), None)
UPSTREAM["content_filter"] = (variant("text", "incomplete", "content_filter", None), None)
# a reasoning item with encrypted content (store:false + include reasoning.encrypted_content), then a call
enc_reasoning = {"id": "rs_6820f383d7c08191846711c5df8233bc", "type": "reasoning",
                 "summary": [{"type": "summary_text", "text": "Need the weather tool."}],
                 "encrypted_content": "gAAAAABoEncryptedReasoning"}
tools_out = resp_body("tools")["output"]
UPSTREAM["encrypted_reasoning"] = (variant("tools", "completed", None, [enc_reasoning] + tools_out), None)
with open(os.path.join(R, "text.sse")) as f:
    head = sse_events(f.read())[:5]
failed = json.loads(head[0].split("data: ", 1)[1])
failed.update(type="response.failed", sequence_number=len(head))
failed["response"].update(status="failed", error={"code": "server_error",
                                                  "message": "The server had an error while processing your request."})
UPSTREAM["stream_error"] = (None, "\n\n".join(head + [f"event: response.failed\ndata: {compact(failed)}"]) + "\n\n")
rate = {"type": "error", "sequence_number": 1, "code": "rate_limit_exceeded",
        "message": "Rate limit reached for gpt-4.1 on tokens per min (TPM).", "param": None}
UPSTREAM["stream_rate_limit"] = (None, head[0] + "\n\n" + f"event: error\ndata: {compact(rate)}" + "\n\n")

for caller, src in (("anthropic", "anthropic-via-openai"), ("openai", "openai-via-anthropic"),
                    ("gemini", "gemini-via-openai")):
    d = f"{caller}-via-responses"
    copy(src, d, REQ)
    copy("anthropic-via-openai", d, ["*.upstream-error.json"])  # OpenAI's one error envelope
    if caller == "gemini":
        copy("gemini-via-anthropic", d, REQ)
    for sc, (body, sse) in UPSTREAM.items():
        if body is not None:
            write(d, f"{sc}.upstream-response.json", json.dumps(body, indent=2) + "\n")
        if sse is not None:
            write(d, f"{sc}.upstream.sse", sse)
