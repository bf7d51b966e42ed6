"""Scheduling the executive plan: tasks, precedence, teams and money (instance), a CP-SAT model
(model), a priority-rule list scheduler (greedy), the critical path of a schedule (cpm), and the
folder format of `ihya plan schedule` (files) — plain data in, plain data out."""
