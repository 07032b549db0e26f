package dev.repotune.pipeline.cli;

public final class Main {
  public static void main(String... args) {}
}
