// The pipeline's composition and its entry from openapi-fetch, with in-memory policies and transports: the order
// policies apply in, a policy that answers itself or sends several times, replays, and how a Request enters.
import { describe, expect, it, vi } from "vitest";
import {
  composePipeline,
  type PipelinePolicy,
  type PipelineRequest,
  pipelineFetch,
  replayRequested,
  requestReplay,
  type SendRequest,
} from "../../src/core/pipeline.js";

const request = (extra: Partial<PipelineRequest> = {}): PipelineRequest => ({
  url: "https://h/api/v1/jobSessions/8",
  method: "GET",
  headers: new Headers(),
  body: null,
  signal: null,
  ...extra,
});

/** A policy that records its name on the way in and on the way out. */
const tracing =
  (name: string, log: string[]): PipelinePolicy =>
  async (req, next) => {
    log.push(`${name} in`);
    const response = await next(req);
    log.push(`${name} out`);
    return response;
  };

describe("composePipeline", () => {
  it("applies the policies outermost first, and the transport last", async () => {
    const log: string[] = [];
    const answer = new Response("ok");
    const transport: SendRequest = async () => {
      log.push("transport");
      return answer;
    };
    const send = composePipeline([tracing("a", log), tracing("b", log), tracing("c", log)], transport);
    await expect(send(request())).resolves.toBe(answer);
    expect(log).toEqual(["a in", "b in", "c in", "transport", "c out", "b out", "a out"]);
  });

  it("is the transport itself when there are no policies", async () => {
    const answer = new Response("ok");
    const transport = vi.fn(async () => answer);
    const req = request();
    await expect(composePipeline([], transport)(req)).resolves.toBe(answer);
    expect(transport).toHaveBeenCalledWith(req);
  });

  it("hands each policy the request the policy before it passed on, and the transport the last one", async () => {
    const seen: string[] = [];
    const tag =
      (value: string): PipelinePolicy =>
      (req, next) => {
        seen.push(req.method);
        return next({ ...req, method: value });
      };
    const transport = vi.fn(async (req: PipelineRequest) => new Response(req.method));
    const response = await composePipeline([tag("ONE"), tag("TWO")], transport)(request());
    expect(seen).toEqual(["GET", "ONE"]);
    expect(await response.text()).toBe("TWO");
  });

  it("lets a policy answer without calling next: nothing after it runs", async () => {
    const answer = new Response("cached");
    const inner = vi.fn<PipelinePolicy>((req, next) => next(req));
    const transport = vi.fn(async () => new Response("sent"));
    const send = composePipeline([async () => answer, inner], transport);
    await expect(send(request())).resolves.toBe(answer);
    expect(inner).not.toHaveBeenCalled();
    expect(transport).not.toHaveBeenCalled();
  });

  it("lets a policy call next several times, each going through the rest of the pipeline again", async () => {
    const log: string[] = [];
    const twice: PipelinePolicy = async (req, next) => {
      await next(req);
      return next(req);
    };
    const responses = [new Response("first"), new Response("second")];
    const transport: SendRequest = async () => {
      log.push("transport");
      return responses.shift() ?? new Response("more");
    };
    const response = await composePipeline([twice, tracing("inner", log)], transport)(request());
    expect(await response.text()).toBe("second");
    expect(log).toEqual(["inner in", "transport", "inner out", "inner in", "transport", "inner out"]);
  });

  it("passes a transport's failure out through every policy", async () => {
    const failure = new Error("down");
    const send = composePipeline([tracing("a", [])], async () => {
      throw failure;
    });
    await expect(send(request())).rejects.toBe(failure);
  });
});

describe("requestReplay and replayRequested", () => {
  it("marks the one response a policy asked to replay, and no other", () => {
    const refused = new Response(null, { status: 401 });
    const other = new Response(null, { status: 401 });
    expect(replayRequested(refused)).toBe(false);
    requestReplay(refused);
    expect(replayRequested(refused)).toBe(true);
    expect(replayRequested(other)).toBe(false);
  });
});

describe("pipelineFetch", () => {
  function entering(answer: Response = new Response("ok")) {
    const sent: PipelineRequest[] = [];
    const send = vi.fn(async (req: PipelineRequest) => {
      sent.push(req);
      return answer;
    });
    return { fetch: pipelineFetch(send), sent, send, answer };
  }

  it("hands a GET on with its URL, method, the Request's own headers and signal, and a null body", async () => {
    const { fetch, sent } = entering();
    const controller = new AbortController();
    const req = new Request("https://h/api/v1/jobSessions/8?x=1", {
      headers: { accept: "application/json" },
      signal: controller.signal,
    });
    await fetch(req);
    expect(sent).toHaveLength(1);
    const [entered] = sent;
    expect(entered).toEqual({
      url: "https://h/api/v1/jobSessions/8?x=1",
      method: "GET",
      headers: req.headers,
      body: null,
      signal: req.signal,
    });
    expect(entered?.headers).toBe(req.headers);
    expect(entered?.signal).toBe(req.signal);
    expect(entered?.body).toBeNull();
  });

  it("reads a POST's body once into an ArrayBuffer", async () => {
    const { fetch, sent } = entering();
    const req = new Request("https://h/api/oauth2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=Password&username=backupadmin",
    });
    await fetch(req);
    const [entered] = sent;
    expect(entered?.method).toBe("POST");
    expect(entered?.url).toBe("https://h/api/oauth2/token");
    expect(entered?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(entered?.body).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(entered?.body ?? undefined)).toBe(
      "grant_type=Password&username=backupadmin",
    );
    expect(req.bodyUsed).toBe(true);
  });

  it("answers with what the pipeline answers, the same object", async () => {
    const { fetch, answer } = entering(new Response("from the pipeline"));
    await expect(fetch(new Request("https://h/a"))).resolves.toBe(answer);
    const post = new Request("https://h/a", { method: "POST", body: "x" });
    await expect(fetch(post)).resolves.toBe(answer);
  });

  it("rejects with what the pipeline rejects with", async () => {
    const failure = new Error("no");
    const fetch = pipelineFetch(async () => {
      throw failure;
    });
    await expect(fetch(new Request("https://h/a"))).rejects.toBe(failure);
  });
});
