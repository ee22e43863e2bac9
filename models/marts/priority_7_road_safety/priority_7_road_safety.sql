{{ priority_mart(7) }}
