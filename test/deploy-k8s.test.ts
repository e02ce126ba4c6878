// deploy/k8s: the kustomize base and dev overlay render (test/support/kustomize.ts),
// every object is valid against the Kubernetes OpenAPI schemas (compiled by ajv,
// shipped by the pinned kubernetes-models package), and the probes, ports and
// timings agree with the service's own config.
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigSchema, type Config } from "../internal/conf/conf.js";
import { parseConfig } from "../pkg/config/index.js";
import { applyOp, kustomizeBuild, type Manifest } from "./support/kustomize.js";
import { SERVICE_NAME } from "./support/service-name.js";

/** A kubernetes-models class: validate() throws, naming every schema violation. */
type Model = new (data: never) => { validate(): void };

/** The model of each kind deploy/k8s uses, by apiVersion and kind. */
const MODELS: Record<string, Model> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Namespace": Namespace,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

interface Probe {
  httpGet?: { path: string; port: string | number };
  grpc?: { port: number; service?: string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports: { name: string; containerPort: number }[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  spec: {
    terminationGracePeriodSeconds: number;
    securityContext: { runAsNonRoot?: boolean; runAsUser?: number };
    containers: Container[];
    volumes: { name: string; emptyDir?: object; configMap?: { name: string } }[];
  };
}

const OVERLAYS = ["deploy/k8s/base", "deploy/k8s/overlays/dev"];

function find(manifests: Manifest[], kind: string, name: string): Manifest & { spec: Record<string, unknown> } {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind}/${name} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(", ")}`);
  return found as Manifest & { spec: Record<string, unknown> };
}

function port(address: string): number {
  return Number(address.slice(address.lastIndexOf(":") + 1));
}

/** Stand-ins for the values the pods read from Secrets, in the form the config expects. */
const SECRET_EXAMPLES: Record<string, string> = {
  DATABASE_URL: "postgres://app:secret@postgres:5432/app",
  REDIS_URL: "redis://redis:6379/0",
  NATS_URL: "nats://nats:4222",
};

/** The config a pod runs: the ConfigMap's config.yaml with the container's env (Secrets as stand-ins). */
function podConfig(manifests: Manifest[], container: Container): Config {
  const configMap = find(manifests, "ConfigMap", `${SERVICE_NAME}-config`) as unknown as {
    data: Record<string, string>;
  };
  const env: Record<string, string> = {};
  for (const variable of container.env) env[variable.name] = variable.value ?? SECRET_EXAMPLES[variable.name] ?? "";
  return parseConfig(parse(configMap.data["config.yaml"]!), ConfigSchema, env);
}

describe.each(OVERLAYS)("kustomize build %s", (dir) => {
  const manifests = kustomizeBuild(dir);
  const deployment = find(manifests, "Deployment", SERVICE_NAME);
  const pod = deployment.spec.template as PodTemplate;
  const container = pod.spec.containers[0]!;
  const config = podConfig(manifests, container);
  const containerPort = (ref: string | number) =>
    typeof ref === "number" ? ref : container.ports.find((p) => p.name === ref)?.containerPort;

  it("validates every object against the Kubernetes schemas", () => {
    expect(manifests.length).toBeGreaterThanOrEqual(6);
    for (const manifest of manifests) {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `a schema for ${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      expect(
        () => new Model!(manifest as never).validate(),
        `${manifest.kind}/${manifest.metadata.name}`,
      ).not.toThrow();
    }
  });

  it("exposes the ports of the service's config", () => {
    expect(containerPort("http")).toBe(port(config.server.http.addr));
    expect(containerPort("grpc")).toBe(port(config.server.grpc.addr));
    expect(containerPort("admin")).toBe(port(config.server.admin.addr));
    for (const name of [SERVICE_NAME, `${SERVICE_NAME}-headless`]) {
      const service = find(manifests, "Service", name).spec as {
        selector: Record<string, string>;
        ports: { name: string; port: number; targetPort: string }[];
      };
      for (const [key, value] of Object.entries(service.selector)) expect(pod.metadata.labels[key]).toBe(value);
      for (const servicePort of service.ports) expect(containerPort(servicePort.targetPort)).toBeDefined();
      // The admin port (metrics, probes, debug) is never behind a Service.
      expect(service.ports.map((p) => containerPort(p.targetPort))).not.toContain(port(config.server.admin.addr));
    }
    const headless = find(manifests, "Service", `${SERVICE_NAME}-headless`).spec as {
      clusterIP: string;
      ports: { name: string }[];
    };
    expect(headless.clusterIP).toBe("None");
    expect(headless.ports.map((p) => p.name)).toEqual(["grpc"]);
  });

  it("probes readiness and startup on /readyz (or gRPC health) and liveness on /healthz of the admin port", () => {
    const admin = port(config.server.admin.addr);
    for (const probe of [container.startupProbe, container.readinessProbe]) {
      if (probe.grpc) expect(probe.grpc.port).toBe(port(config.server.grpc.addr));
      else
        expect({ path: probe.httpGet?.path, port: containerPort(probe.httpGet!.port) }).toEqual({
          path: "/readyz",
          port: admin,
        });
    }
    const live = container.livenessProbe.httpGet!;
    expect({ path: live.path, port: containerPort(live.port) }).toEqual({ path: "/healthz", port: admin });
  });

  it("drains before stopping and gives the stop time to finish", () => {
    // Endpoint removal takes a few seconds to reach every proxy.
    expect(config.server.drainDelay).toBeGreaterThanOrEqual(3000);
    expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      config.server.drainDelay + config.server.stopTimeout,
    );
  });

  it("runs the image's own command, node as PID 1 (args would replace the image's CMD)", () => {
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
  });

  it("runs non-root on a read-only root file system with a writable /tmp", () => {
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(pod.spec.securityContext.runAsUser).not.toBe(0);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    const tmp = container.volumeMounts.find((mount) => mount.mountPath === "/tmp");
    expect(pod.spec.volumes.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toMatchObject({ memory: expect.any(String) });
  });

  it("mounts the config from the ConfigMap and takes DATABASE_URL from a Secret", () => {
    const mount = container.volumeMounts.find((m) => m.mountPath === "/app/configs");
    expect(pod.spec.volumes.find((v) => v.name === mount?.name)?.configMap?.name).toBe(`${SERVICE_NAME}-config`);
    const databaseUrl = container.env.find((variable) => variable.name === "DATABASE_URL");
    expect(databaseUrl?.value).toBeUndefined();
    expect(databaseUrl?.valueFrom?.secretKeyRef).toMatchObject({ name: expect.any(String), key: "DATABASE_URL" });
  });

  it("has Prometheus scrape annotations on the admin port", () => {
    expect(pod.metadata.annotations).toMatchObject({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": String(port(config.server.admin.addr)),
      "prometheus.io/path": "/metrics",
    });
  });

  it("scales the Deployment with an HPA and limits disruptions with a PDB that select its pods", () => {
    const hpa = find(manifests, "HorizontalPodAutoscaler", SERVICE_NAME).spec as {
      scaleTargetRef: { kind: string; name: string };
      minReplicas: number;
      maxReplicas: number;
    };
    expect(hpa.scaleTargetRef).toMatchObject({ kind: "Deployment", name: SERVICE_NAME });
    expect(hpa.maxReplicas).toBeGreaterThan(hpa.minReplicas);
    const pdb = find(manifests, "PodDisruptionBudget", SERVICE_NAME).spec as { selector: { matchLabels: object } };
    expect(pod.metadata.labels).toMatchObject(pdb.selector.matchLabels);
  });
});

describe("the dev overlay", () => {
  const manifests = kustomizeBuild("deploy/k8s/overlays/dev");

  it("puts everything in its namespace, with one replica and the dev image", () => {
    for (const manifest of manifests.filter((m) => m.kind !== "Namespace")) {
      expect(manifest.metadata.namespace, `${manifest.kind}/${manifest.metadata.name}`).toBe(`${SERVICE_NAME}-dev`);
    }
    expect(find(manifests, "Namespace", `${SERVICE_NAME}-dev`)).toBeDefined();
    const deployment = find(manifests, "Deployment", SERVICE_NAME);
    expect(deployment.spec.replicas).toBe(1);
    expect((deployment.spec.template as PodTemplate).spec.containers[0]!.image).toBe(`${SERVICE_NAME}:dev`);
  });
});

describe("the kustomize renderer", () => {
  it("refuses a field it does not implement instead of ignoring it", () => {
    expect(() => kustomizeBuild("test/testdata/kustomize-unsupported")).toThrow(
      /unsupported kustomization field "commonLabels"/,
    );
  });

  it("applies JSON patch add, replace and remove, and refuses a path that does not exist", () => {
    const doc = { spec: { replicas: 2, list: [1, 3] as number[], gone: true } as Record<string, unknown> };
    applyOp(doc, { op: "replace", path: "/spec/replicas", value: 1 });
    applyOp(doc, { op: "add", path: "/spec/list/1", value: 2 });
    applyOp(doc, { op: "remove", path: "/spec/gone" });
    expect(doc).toEqual({ spec: { replicas: 1, list: [1, 2, 3] } });
    expect(() => applyOp(doc, { op: "replace", path: "/spec/nope", value: 1 })).toThrow(/does not exist/);
  });
});

const KUBECTL = spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status === 0;
if (!KUBECTL) console.warn("skipping the comparison with real kustomize: kubectl is not installed");

describe.skipIf(!KUBECTL)("the renderer against real kustomize (kubectl kustomize)", () => {
  it.each(OVERLAYS)("renders %s exactly as kustomize does", (dir) => {
    const rendered = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
    const byKey = (m: Manifest) => `${m.apiVersion}/${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`;
    const sorted = (list: Manifest[]) => [...list].sort((a, b) => byKey(a).localeCompare(byKey(b)));
    const real = parseAllDocuments(rendered).map((doc) => doc.toJSON() as Manifest);
    expect(sorted(kustomizeBuild(dir))).toEqual(sorted(real));
  });
});

describe("the ConfigMap's config", () => {
  it("is configs/config.yaml as it is (kustomize cannot load files outside deploy/k8s)", () => {
    expect(readFileSync("deploy/k8s/base/config.yaml", "utf8")).toBe(readFileSync("configs/config.yaml", "utf8"));
  });
});
