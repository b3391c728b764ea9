package dev.weft.peers.dubbo;
public final class Main { public static void main(String[] a) {} }
