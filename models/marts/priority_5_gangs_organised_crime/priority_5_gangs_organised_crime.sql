{{ priority_mart(5) }}
