using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// One HTTP/1.1 keep-alive connection that writes a request already in bytes and reads only what the
/// load client needs of the answer: its status, its Server-Timing header, and the framing of its body
/// (Content-Length or chunked), which it skips. That is how wrk sends. The load client shares the two
/// cores with the hosts it measures, while reviewers' browsers run on machines of their own, so what
/// it spends per decision is taken from the system under test: with HttpClient it spent 0.14–0.17 ms
/// of CPU per decision, a tenth of everything the system spent (docs/performance.md).
/// </summary>
public sealed class KeepAliveConnection(EndPoint server) : IDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private Socket? _socket;
    private byte[] _buffer = new byte[8 * 1024];
    // The unread bytes received so far are _buffer[_start.._end].
    private int _start;
    private int _end;

    /// <summary>The answer's status and its Server-Timing header, if it had one.</summary>
    public readonly record struct Answer(HttpStatusCode Status, string? ServerTiming);

    public async Task<Answer> SendAsync(ReadOnlyMemory<byte> request)
    {
        if (_socket is null)
        {
            _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await _socket.ConnectAsync(server);
            _start = _end = 0;
        }

        while (!request.IsEmpty) request = request[await _socket.SendAsync(request, SocketFlags.None)..];
        int headerEnd;
        while ((headerEnd = IndexOf(HeaderEnd)) < 0) await ReceiveAsync();
        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
        _start = headerEnd + HeaderEnd.Length;
        var lines = head.Split("\r\n");
        // "HTTP/1.1 204 No Content"
        if (lines[0].Length < 12 || !lines[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(lines[0].AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            throw new InvalidDataException($"not an HTTP/1.x status line: {lines[0]}");
        long contentLength = -1;
        var chunked = false;
        var close = false;
        string? serverTiming = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line.AsSpan(0, colon);
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = long.Parse(value, CultureInfo.InvariantCulture);
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) close = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Server-Timing", StringComparison.OrdinalIgnoreCase)) serverTiming = serverTiming is null ? value.ToString() : $"{serverTiming}, {value}";
        }

        if (chunked) await SkipChunkedBodyAsync();
        else if (contentLength > 0) await SkipAsync(contentLength);
        // Without either, an answer that may have a body runs until the server closes (RFC 9112 §6.3).
        else if (contentLength < 0 && status is not (204 or 304) && status >= 200) close = true;
        if (close) CloseSocket();
        return new Answer((HttpStatusCode)status, serverTiming);
    }

    public void Dispose() => CloseSocket();

    private void CloseSocket()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private async Task SkipChunkedBodyAsync()
    {
        while (true)
        {
            var line = await ReadLineAsync();
            var extension = line.IndexOf(';');
            var size = Convert.ToInt64((extension < 0 ? line : line[..extension]).Trim(), 16);
            if (size == 0) break;
            await SkipAsync(size + LineEnd.Length);
        }

        // Trailer fields, if any, then the empty line that ends the message.
        while ((await ReadLineAsync()).Length > 0)
        {
        }
    }

    private async Task<string> ReadLineAsync()
    {
        int end;
        while ((end = IndexOf(LineEnd)) < 0) await ReceiveAsync();
        var line = Encoding.ASCII.GetString(_buffer, _start, end - _start);
        _start = end + LineEnd.Length;
        return line;
    }

    private async Task SkipAsync(long count)
    {
        while (count > 0)
        {
            if (_start == _end) await ReceiveAsync();
            var taken = (int)Math.Min(count, _end - _start);
            _start += taken;
            count -= taken;
        }
    }

    private int IndexOf(byte[] marker)
    {
        var found = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
        return found < 0 ? -1 : _start + found;
    }

    /// <summary>Appends what the socket has to the unread bytes, making room first.</summary>
    private async Task ReceiveAsync()
    {
        if (_start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                (_end, _start) = (_end - _start, 0);
            }
            else if (_buffer.Length < MaxHeaderBytes)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                throw new InvalidDataException($"an answer's header passed {MaxHeaderBytes:N0} bytes");
            }
        }

        var received = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (received == 0) throw new IOException("the server closed the connection in the middle of an answer");
        _end += received;
    }
}
