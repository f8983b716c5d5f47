/** The JVM floor for start-up: the least a Java program can do and still print a line. */
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
