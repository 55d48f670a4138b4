/** Implementation helpers shared by the backends. Not API: may change in any release. */
@NullMarked
package dev.pgqueuer.internal;

import org.jspecify.annotations.NullMarked;
