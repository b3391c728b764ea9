package dev.weft.dataplane.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range, {@code 10.0.0.0/8}; a plain address is a /32 (or /128). */
public record Cidr(InetAddress prefix, int length) {

  /**
   * Parses {@code address[/length]}; the address must be a literal (no DNS).
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static Cidr parse(String text) {
    String[] parts = text.trim().split("/", 2);
    InetAddress address;
    if (!parts[0].matches("[0-9a-fA-F.:]+")) {
      throw new IllegalArgumentException(
          "expected an IP address or CIDR range, got \"" + text + "\"");
    }
    try {
      address = InetAddress.getByName(parts[0]);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "expected an IP address or CIDR range, got \"" + text + "\"", e);
    }
    int max = address.getAddress().length * 8;
    int length = max;
    if (parts.length == 2) {
      try {
        length = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "expected a prefix length after '/', got \"" + text + "\"", e);
      }
      if (length < 0 || length > max) {
        throw new IllegalArgumentException(
            "expected a prefix length from 0 to " + max + ", got \"" + text + "\"");
      }
    }
    return new Cidr(address, length);
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] p = prefix.getAddress();
    if (a.length != p.length) {
      return false;
    }
    int full = length / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != p[i]) {
        return false;
      }
    }
    int rest = length % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (p[full] & mask);
  }

  @Override
  public String toString() {
    return prefix.getHostAddress() + "/" + length;
  }
}
