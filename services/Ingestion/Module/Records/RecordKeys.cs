using System.Security.Cryptography;
using System.Text;

namespace EvSysReview.Ingestion.Records;

/// <summary>
/// Record ids derived from where a record came from, not drawn at random: the same record of the
/// same import (or the same PMID of the same saved search) always gets the same id, so a resumed
/// import or alert run recognises what it already committed and never adds it twice.
/// </summary>
public static class RecordKeys
{
    public static Guid ForImport(Guid importId, int recordIndex) => Derive($"import:{importId:N}:{recordIndex}");

    public static Guid ForAlert(Guid searchId, string pmidOrPosition) => Derive($"alert:{searchId:N}:{pmidOrPosition}");

    private static Guid Derive(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
        // RFC 9562 version 8 (custom) and the RFC variant, so it reads as a well-formed UUID.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
