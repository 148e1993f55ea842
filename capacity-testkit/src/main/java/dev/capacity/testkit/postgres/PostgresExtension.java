package dev.capacity.testkit.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test class its own freshly migrated schema. Declare a {@link TestDatabase}
 * (or a {@link javax.sql.DataSource} of that schema) parameter on a constructor, a {@code @BeforeAll}/
 * {@code @BeforeEach} method or a test method to receive it:
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class MyStoreTest {
 *     MyStoreTest(TestDatabase db) { ... }
 * }
 * }</pre>
 *
 * The schema is created before the class's first test and dropped after its last. {@code @Nested} classes share
 * their enclosing class's schema.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    /** Creates the extension; JUnit calls this. */
    public PostgresExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase db = context.getStore(NAMESPACE).remove(TestDatabase.class, TestDatabase.class);
        if (db != null) {
            db.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == javax.sql.DataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestDatabase db = database(context);
        return parameter.getParameter().getType() == TestDatabase.class ? db : db.dataSource();
    }

    /** The schema of the outermost test class in this context, created on first use. */
    private static TestDatabase database(ExtensionContext context) {
        ExtensionContext owner = context;
        while (owner.getParent().isPresent() && owner.getParent().get().getTestClass().isPresent()) {
            owner = owner.getParent().get();
        }
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(TestDatabase.class, k -> TestDatabase.create(),
                TestDatabase.class);
    }
}
