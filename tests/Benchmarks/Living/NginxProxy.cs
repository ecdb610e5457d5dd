namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// Debian's nginx as a plain reverse proxy in front of one upstream port: one worker, keep-alive
/// connections to the upstream, no access log. It only forwards; the service behind it checks the
/// token itself. Used to measure what a proxy hop costs beside the YARP gateway's (GatewayCost) and
/// under the review's decision load (`living-load --decisions-via-nginx`).
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly string prefix;

    private NginxProxy(string prefix, int port)
    {
        this.prefix = prefix;
        Port = port;
    }

    public int Port { get; }

    public static async Task<NginxProxy> StartAsync(int port, int upstreamPort)
    {
        var prefix = Directory.CreateTempSubdirectory("evsys-nginx-").FullName;
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              upstream service { server 127.0.0.1:{{upstreamPort}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://service;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                }
              }
            }
            """);
        await ExternalTool.RunAsync("nginx", $"-p {prefix} -c {prefix}/nginx.conf");
        return new NginxProxy(prefix, port);
    }

    /// <summary>nginx's one worker: the child of the master whose pid nginx wrote (the master only accepts signals).</summary>
    public int WorkerPid()
    {
        var master = File.ReadAllText(Path.Combine(prefix, "nginx.pid")).Trim();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                if (HostProcesses.StatFields(pid)[1] == master) return pid;
            }
            catch (IOException)
            {
                // The process ended between the listing and the read.
            }
        }

        throw new InvalidOperationException($"no nginx worker under master {master}");
    }

    public async ValueTask DisposeAsync() => await ExternalTool.RunAsync("nginx", $"-p {prefix} -c {prefix}/nginx.conf -s stop");
}
