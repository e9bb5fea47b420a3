"""COPIL meetings: the date, who came, the report of the day frozen, and the decisions that become or update
actions."""
