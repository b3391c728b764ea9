package dev.weft.dataplane.protocol.bolt;

/**
 * Where the fields of a Bolt frame's fixed header sit, for v1 or v2 (which adds {@code ver1} after
 * the protocol code and {@code switch} after the codec). A request header holds a 4-byte timeout
 * where a response holds a 2-byte status; then come the class, header and content lengths.
 */
final class BoltLayout {
  static final BoltLayout V1 = new BoltLayout("bolt", (byte) 1, 0);
  static final BoltLayout V2 = new BoltLayout("boltv2", (byte) 2, 1);

  static final byte TYPE_RESPONSE = 0;
  static final byte TYPE_REQUEST = 1;
  static final byte TYPE_ONEWAY = 2;
  static final short CMD_HEARTBEAT = 0;
  static final short CMD_REQUEST = 1;
  static final short CMD_RESPONSE = 2;

  /** {@code ver1} of a v2 frame that may carry a CRC32 trailer. */
  static final byte VER1_CRC_CAPABLE = 2;

  static final int CRC_BYTES = 4;

  /** The smallest fixed header (a v1 response): enough to tell a frame's type and lengths. */
  static final int MIN_HEADER = 20;

  private final String name;
  private final byte code;
  private final int extra;

  private BoltLayout(String name, byte code, int extra) {
    this.name = name;
    this.code = code;
    this.extra = extra;
  }

  String name() {
    return name;
  }

  /** The protocol code, the frame's first byte. */
  byte code() {
    return code;
  }

  boolean isV2() {
    return extra > 0;
  }

  /** v2 only. */
  int ver1Offset() {
    return 1;
  }

  int typeOffset() {
    return 1 + extra;
  }

  int cmdCodeOffset() {
    return 2 + extra;
  }

  int ver2Offset() {
    return 4 + extra;
  }

  int idOffset() {
    return 5 + extra;
  }

  int codecOffset() {
    return 9 + extra;
  }

  /** v2 only. */
  int switchOffset() {
    return 10 + extra;
  }

  /** A request's timeout or a response's status. */
  int timeoutOrStatusOffset() {
    return 10 + 2 * extra;
  }

  /** Where classLen (2), headerLen (2) and contentLen (4) start. */
  int lengthsOffset(boolean response) {
    return timeoutOrStatusOffset() + (response ? 2 : 4);
  }

  /** The fixed header's size: 22/20 bytes in v1, 24/22 in v2. */
  int headerSize(boolean response) {
    return lengthsOffset(response) + 8;
  }

  /** The bytes needed to read a frame's type. */
  int typeKnownAt() {
    return typeOffset() + 1;
  }

  static boolean validType(int type) {
    return type == TYPE_RESPONSE || type == TYPE_REQUEST || type == TYPE_ONEWAY;
  }

  static boolean validCmdCode(int cmdCode) {
    return cmdCode == CMD_HEARTBEAT || cmdCode == CMD_REQUEST || cmdCode == CMD_RESPONSE;
  }

  /** Whether a v2 frame with these {@code ver1} and {@code switch} bytes ends with a CRC32. */
  static boolean hasCrc(int ver1, int switches) {
    return ver1 == VER1_CRC_CAPABLE && (switches & 1) != 0;
  }

  @Override
  public String toString() {
    return name;
  }
}
