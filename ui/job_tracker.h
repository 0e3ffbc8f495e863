#pragma once
// Hands out job ids so a result that arrives after a newer job started (or
// after a cancel) is recognised as stale and dropped. The current id lives in
// shared state, so a worker thread can poll it to stop early even if the
// tracker's owner is gone by then.
#include <atomic>
#include <cstdint>
#include <memory>

namespace planwise::ui {

class JobTracker {
public:
    using JobId = uint64_t;

    // Starts a new job; every earlier job becomes stale.
    JobId start()
    {
        m_running = true;
        return ++*m_current;
    }
    // Makes the running job stale without starting another.
    void cancel()
    {
        ++*m_current;
        m_running = false;
    }
    // Called on the owner's thread when job `id` delivered its result.
    void finish(JobId id)
    {
        if (isCurrent(id))
            m_running = false;
    }
    bool isCurrent(JobId id) const { return *m_current == id; }
    bool isRunning() const { return m_running; }

    // A thread-safe predicate for workers: true while job `id` is still wanted.
    auto stillWanted(JobId id) const
    {
        return [current = m_current, id] { return current->load() == id; };
    }

private:
    std::shared_ptr<std::atomic<JobId>> m_current = std::make_shared<std::atomic<JobId>>(0);
    bool m_running = false;
};

} // namespace planwise::ui
