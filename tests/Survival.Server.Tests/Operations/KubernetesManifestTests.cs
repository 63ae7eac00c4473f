using YamlDotNet.RepresentationModel;

namespace Survival.Server.Tests.Operations;

/// <summary>deploy/k8s as Kubernetes reads it: every manifest parses, and the Deployment keeps the operational promises.</summary>
public class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "deploy", "k8s");

    [Fact]
    public void Every_manifest_parses_and_names_its_kind()
    {
        // Act
        var kinds = Manifests().Select(m => Scalar(m, "kind")).ToList();

        // Assert
        Assert.Equal(["Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget", "Service", "Service"], kinds.Order());
        Assert.All(Manifests(), m => Assert.False(string.IsNullOrEmpty(Scalar(m, "apiVersion"))));
    }

    [Fact]
    public void Applying_the_folder_can_never_overwrite_the_real_secret_nor_pull_a_public_image()
    {
        // Arrange: every manifest kubectl would read under deploy/, recursively (.yaml, .yml, .json).
        var deploy = Path.Combine(RepositoryRoot(), "deploy");
        var files = Directory.GetFiles(deploy, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json").ToList();
        var container = (YamlMappingNode)((YamlSequenceNode)Map(Map(Manifests().Single(m => Scalar(m, "kind") == "Deployment"), "spec"), "template", "spec")["containers"]).Children.Single();

        // Assert: the Secret is created out of band (kubectl create fails where it exists); the image is the one loaded.
        Assert.All(files, f => Assert.DoesNotContain("kind: Secret", File.ReadAllText(f), StringComparison.Ordinal));
        Assert.DoesNotContain(":latest", Scalar(container, "image"), StringComparison.Ordinal);
        Assert.Equal("IfNotPresent", Scalar(container, "imagePullPolicy"));
    }

    [Fact]
    public void Deployment_probes_grpc_health_runs_unprivileged_read_only_within_the_memory_budget()
    {
        // Arrange
        var deployment = Manifests().Single(m => Scalar(m, "kind") == "Deployment");
        var pod = Map(Map(deployment, "spec"), "template", "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));

        // Assert
        Assert.Equal("5000", Scalar(Map(container, "readinessProbe", "grpc"), "port"));
        Assert.Equal("5000", Scalar(Map(container, "livenessProbe", "grpc"), "port"));
        Assert.Equal("true", Scalar(Map(pod, "securityContext"), "runAsNonRoot"));
        Assert.Equal("1654", Scalar(Map(pod, "securityContext"), "runAsUser"));
        Assert.Equal("true", Scalar(Map(container, "securityContext"), "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(Map(container, "securityContext"), "allowPrivilegeEscalation"));
        Assert.Equal("1Gi", Scalar(Map(container, "resources", "limits"), "memory"));
        Assert.True(Mebibytes(Scalar(Map(container, "resources", "requests"), "memory")) > int.Parse(Scalar(env["Survival__MemoryBudgetMiB"], "value")));
        Assert.Equal("survival-api-keys", Scalar(Map(env["Survival__Auth__ApiKeys__0"], "valueFrom", "secretKeyRef"), "name"));
        var drain = int.Parse(Scalar(env["Survival__Shutdown__NotServingSeconds"], "value")) + int.Parse(Scalar(env["Survival__Shutdown__DrainSeconds"], "value"));
        Assert.True(int.Parse(Scalar(pod, "terminationGracePeriodSeconds")) > drain);
    }

    [Fact]
    public void Metrics_have_their_own_port_no_service_exposes_and_reflection_takes_the_api_key()
    {
        // Arrange
        var deployment = Manifests().Single(m => Scalar(m, "kind") == "Deployment");
        var template = Map(Map(deployment, "spec"), "template");
        var container = (YamlMappingNode)((YamlSequenceNode)Map(template, "spec")["containers"]).Children.Single();
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));
        var ports = ((YamlSequenceNode)container["ports"]).Children.Cast<YamlMappingNode>().ToDictionary(p => Scalar(p, "name"), p => Scalar(p, "containerPort"));
        var servicePorts = Manifests().Where(m => Scalar(m, "kind") == "Service")
            .SelectMany(m => ((YamlSequenceNode)Map(m, "spec")["ports"]).Children.Cast<YamlMappingNode>().Select(p => Scalar(p, "targetPort")));

        // Act
        var metricsUrl = new Uri(Scalar(env["Kestrel__Endpoints__Metrics__Url"], "value"));

        // Assert
        Assert.Equal(ports["metrics"], metricsUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ports["metrics"], Scalar(Map(template, "metadata", "annotations"), "prometheus.io/port"));
        Assert.DoesNotContain("metrics", servicePorts);
        Assert.DoesNotContain(ports["metrics"], servicePorts);
        Assert.Equal("Authenticated", Scalar(env["Survival__Reflection"], "value"));
        // Only the monitoring namespace reaches the metrics port.
        var rules = ((YamlSequenceNode)Map(Manifests().Single(m => Scalar(m, "kind") == "NetworkPolicy"), "spec")["ingress"]).Children.Cast<YamlMappingNode>();
        var metricsRule = rules.Single(r => ((YamlSequenceNode)r["ports"]).Children.Cast<YamlMappingNode>().Any(p => Scalar(p, "port") == "metrics"));
        Assert.True(metricsRule.Children.ContainsKey("from"));
    }

    [Fact]
    public void Grpc_service_is_headless_for_client_side_balancing()
    {
        // Act
        var services = Manifests().Where(m => Scalar(m, "kind") == "Service").ToDictionary(m => Scalar(Map(m, "metadata"), "name"));

        // Assert
        Assert.Equal("None", Scalar(Map(services["survival-grpc"], "spec"), "clusterIP"));
        Assert.Equal("ClusterIP", Scalar(Map(services["survival-http"], "spec"), "type"));
    }

    [Fact]
    public void Dockerfile_checks_health_as_the_same_user()
    {
        // Arrange
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "Dockerfile"));

        // Assert
        Assert.Contains(lines, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/healthz", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("uid 1654", StringComparison.Ordinal));
    }

    private static IEnumerable<YamlMappingNode> Manifests() => Directory.GetFiles(Folder, "*.yaml").Order().SelectMany(file =>
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(file);
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    });

    private static YamlMappingNode Map(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => (YamlMappingNode)current[key]);

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static int Mebibytes(string quantity) =>
        quantity.EndsWith("Gi", StringComparison.Ordinal) ? int.Parse(quantity[..^2]) * 1024 : int.Parse(quantity.TrimEnd('M', 'i'));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Survival.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Survival.sln not found above the test output");
    }
}
